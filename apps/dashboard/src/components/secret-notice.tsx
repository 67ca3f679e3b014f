import { ReactNode } from 'react';
import { Notice } from './feedback';

/** A secret the API answers only once (an API key, a webhook signing secret): shown with copy and dismiss. */
export function SecretNotice({ title, secret, label, onDismiss }: { title: ReactNode; secret: string; label: string; onDismiss: () => void }) {
  return (
    <Notice>
      <p>
        <strong>{title}</strong>
      </p>
      <code className="secret" aria-label={label}>
        {secret}
      </code>
      <div className="actions">
        <button type="button" onClick={() => void navigator.clipboard?.writeText(secret)}>
          Copy to clipboard
        </button>
        <button type="button" onClick={onDismiss}>
          I have stored it
        </button>
      </div>
    </Notice>
  );
}
