import { EndpointWithSecret } from '../api/webhooks';
import { SecretNotice } from '../components/secret-notice';

/** An endpoint's signing secret, which billing answers only when it creates or rotates one. */
export function SigningSecretNotice({ endpoint, onDismiss }: { endpoint: EndpointWithSecret; onDismiss: () => void }) {
  return <SecretNotice title={`Copy the signing secret of ${endpoint.url} now: it is shown only this once.`} secret={endpoint.secret} label="New signing secret" onDismiss={onDismiss} />;
}
