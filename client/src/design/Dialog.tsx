import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

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
        <div className="row row--end">
          <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="button" className={danger ? 'button button--danger' : 'button'} onClick={onConfirm} disabled={busy}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
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
