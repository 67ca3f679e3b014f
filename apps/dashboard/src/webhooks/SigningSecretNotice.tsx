import { EndpointWithSecret } from '../api/webhooks';
import { Notice } from '../components/feedback';

/** An endpoint's signing secret, which billing answers only when it creates or rotates one. */
export function SigningSecretNotice({ endpoint, onDismiss }: { endpoint: EndpointWithSecret; onDismiss: () => void }) {
  return (
    <Notice>
      <p>
        <strong>Copy the signing secret of {endpoint.url} now: it is shown only this once.</strong>
      </p>
      <code className="secret" aria-label="New signing secret">
        {endpoint.secret}
      </code>
      <div className="actions">
        <button type="button" onClick={() => void navigator.clipboard?.writeText(endpoint.secret)}>
          Copy to clipboard
        </button>
        <button type="button" onClick={onDismiss}>
          I have stored it
        </button>
      </div>
    </Notice>
  );
}
