import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { submitHandler } from '../lib/submit';

/**
 * A modal dialog: focus moves into it, Escape closes it (unless `dismissible` is false, e.g. while
 * a secret is shown and must be acknowledged), focus returns to where it was on close.
 */
export function Dialog({ title, onClose, dismissible = true, children }: { title: string; onClose: () => void; dismissible?: boolean; children: ReactNode }) {
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = dialogRef.current?.querySelector<HTMLElement>('input, button, select, textarea, a[href], [tabindex]:not([tabindex="-1"])');
    (first ?? dialogRef.current)?.focus();
    return () => previous?.focus?.();
  }, []);
  useEffect(() => {
    if (!dismissible) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [dismissible, onClose]);
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={dialogRef} tabIndex={-1}>
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

/** A dialog's last row: Cancel, then the button that goes ahead (it submits the dialog's form unless `onConfirm` is given). */
function DialogButtons({
  onCancel,
  cancelDisabled,
  onConfirm,
  danger = false,
  disabled,
  children,
}: {
  onCancel: () => void;
  cancelDisabled?: boolean;
  onConfirm?: () => void;
  danger?: boolean;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="row row--end">
      <button type="button" className="button button--secondary" onClick={onCancel} disabled={cancelDisabled}>
        Cancel
      </button>
      <button type={onConfirm ? 'button' : 'submit'} className={danger ? 'button button--danger' : 'button'} onClick={onConfirm} disabled={disabled}>
        {children}
      </button>
    </div>
  );
}

/** Asks before a destructive or irreversible action. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = false,
  busy = false,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog title={title} onClose={onCancel}>
      <div className="stack">
        <div>{children}</div>
        <DialogButtons onCancel={onCancel} cancelDisabled={busy} onConfirm={onConfirm} danger={danger} disabled={busy}>
          {busy ? 'Working…' : confirmLabel}
        </DialogButtons>
      </div>
    </Dialog>
  );
}

/**
 * What a ConfirmDialog is asking about (null: no dialog) and its answers. `confirm` runs the action and closes
 * the dialog; if the action throws, the dialog stays open and the caller shows the mutation's error in it.
 */
export function usePendingConfirm<Pending>(run: (pending: Pending) => Promise<unknown>) {
  const [pending, setPending] = useState<Pending | null>(null);
  async function confirm() {
    if (pending === null) return;
    try {
      await run(pending);
      setPending(null);
    } catch {
      // Shown in the dialog.
    }
  }
  return { pending, ask: setPending, cancel: () => setPending(null), confirm };
}

/**
 * The form of a dialog that asks for input before it acts, ending with Cancel and `submitLabel` (`busyLabel` while
 * `loading`). `onSubmit` runs the action; if it throws, the form stays as it is and shows the mutation's error
 * through the ErrorNotice among its `children`. `lockCancel` disables Cancel while the form is sent.
 */
export function DialogForm({
  onSubmit,
  onCancel,
  submitLabel,
  busyLabel,
  loading,
  disabled = false,
  danger = false,
  lockCancel = false,
  children,
}: {
  onSubmit: () => Promise<unknown>;
  onCancel: () => void;
  submitLabel: string;
  busyLabel?: string;
  loading: boolean;
  disabled?: boolean;
  danger?: boolean;
  lockCancel?: boolean;
  children: ReactNode;
}) {
  return (
    <form className="form" onSubmit={submitHandler(onSubmit)}>
      {children}
      <DialogButtons onCancel={onCancel} cancelDisabled={lockCancel && loading} danger={danger} disabled={loading || disabled}>
        {loading && busyLabel ? busyLabel : submitLabel}
      </DialogButtons>
    </form>
  );
}
