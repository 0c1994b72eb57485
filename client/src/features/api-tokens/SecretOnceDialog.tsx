import { useState, type ReactNode } from 'react';
import { CopyButton } from '../../design/CopyButton';
import { Dialog } from '../../design/Dialog';

/** A secret just created or rotated, and the name of what it belongs to. */
export interface ShownSecret {
  tokenName: string;
  secret: string;
  rotated: boolean;
}

/**
 * Shows a new secret (an API token's, a webhook endpoint's whsec_…) exactly once. The secret lives only
 * in the parent's state while this dialog is open; closing it drops the secret, and the server never
 * returns it again. `title` and `secretLabel` name what it belongs to (an API token by default).
 */
export function SecretOnceDialog({
  tokenName,
  secret,
  rotated = false,
  onClose,
  title,
  secretLabel = 'API token secret',
  testId = 'api-token-secret',
}: {
  tokenName: string;
  secret: string;
  rotated?: boolean;
  onClose: () => void;
  title?: string;
  secretLabel?: string;
  testId?: string;
}) {
  const [acknowledged, setAcknowledged] = useState(false);
  return (
    <Dialog title={title ?? (rotated ? `New secret for “${tokenName}”` : `Token “${tokenName}” created`)} onClose={onClose} dismissible={false}>
      <div className="stack">
        <div className="alert alert--warning" role="note">
          <strong>Copy this secret now.</strong> It is shown only once: VisionGate stores only a hash and cannot show it again.
          {rotated && ' The previous secret has stopped working.'}
        </div>
        <div className="secret-box">
          <code data-testid={testId} aria-label={secretLabel}>
            {secret}
          </code>
          <CopyButton text={secret} label="Copy secret" className="button" />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} />
          <span>I have stored the secret somewhere safe.</span>
        </label>
        <div className="row row--end">
          <button type="button" className="button" onClick={onClose} disabled={!acknowledged}>
            Done
          </button>
        </div>
      </div>
    </Dialog>
  );
}

/** What a SecretOnceDialog says besides the secret: its title and the secret's label and test id (an API token's by default). */
export interface SecretOnceLabels {
  title?: (shown: ShownSecret) => string;
  secretLabel?: string;
  testId?: string;
}

/**
 * The state behind a SecretOnceDialog: `show` opens it with a secret just created (`rotated` false) or
 * rotated, `dialog` is the dialog to render (null while closed), and closing it drops the secret.
 */
export function useSecretOnce({ title, secretLabel, testId }: SecretOnceLabels = {}): {
  show: (tokenName: string, secret: string, rotated: boolean) => void;
  dialog: ReactNode;
} {
  const [shown, setShown] = useState<ShownSecret | null>(null);
  return {
    show: (tokenName, secret, rotated) => setShown({ tokenName, secret, rotated }),
    dialog: shown && <SecretOnceDialog {...shown} title={title?.(shown)} secretLabel={secretLabel} testId={testId} onClose={() => setShown(null)} />,
  };
}
