import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { EndpointWithSecret, WebhookEndpoint } from '../api/webhooks';
import { ErrorMessage, Loaded, Notice } from '../components/feedback';
import { formatDateTime } from '../components/format';
import { useResource } from '../components/use-resource';
import { EndpointForm } from './EndpointForm';
import { SigningSecretNotice } from './SigningSecretNotice';
import { useWebhooksApi } from './use-webhooks-api';
import { WebhookDeliveriesSection } from './WebhookDeliveriesSection';

/** One endpoint: what it receives and editing it, its secret's rotation, turning it off and on, deleting it, and its delivery log. */
export function WebhookEndpointPage() {
  const { endpointId = '' } = useParams();
  const api = useWebhooksApi();
  const endpoint = useResource(() => api.endpoint(endpointId), [api, endpointId]);
  const [rotated, setRotated] = useState<EndpointWithSecret | null>(null);
  const [saved, setSaved] = useState(false);
  return (
    <Loaded resource={endpoint} what="the webhook endpoint">
      {(e) => (
        <>
          <p>
            <Link to="/webhooks">← All webhook endpoints</Link>
          </p>
          <h1>Webhook endpoint</h1>
          <dl className="details card">
            <dt>URL</dt>
            <dd className="mono">{e.url}</dd>
            <dt>Description</dt>
            <dd>{e.description || '—'}</dd>
            <dt>Event types</dt>
            <dd>{e.eventTypes.join(', ')}</dd>
            <dt>Status</dt>
            <dd>
              {e.status}
              {e.disabledReason && ` (${e.disabledReason})`}
              {e.failingSince && `, failing since ${formatDateTime(e.failingSince)}`}
            </dd>
            <dt>Previous secret</dt>
            <dd>{e.previousSecretExpiresAt ? `still signs beside the new one until ${formatDateTime(e.previousSecretExpiresAt)}` : 'none'}</dd>
          </dl>
          {rotated && <SigningSecretNotice endpoint={rotated} onDismiss={() => setRotated(null)} />}
          <EndpointActions
            endpoint={e}
            onRotated={(next) => {
              setRotated(next);
              endpoint.reload();
            }}
            onChange={endpoint.reload}
          />
          <section className="card" aria-labelledby="edit-endpoint-heading">
            <h2 id="edit-endpoint-heading">Edit endpoint</h2>
            <EndpointForm
              initial={e}
              submitLabel="Save changes"
              submit={(fields) => {
                setSaved(false);
                return api.update(e.id, fields);
              }}
              onDone={() => {
                setSaved(true);
                endpoint.reload();
              }}
            />
            {saved && <Notice>Saved: the next events go to the endpoint as it stands now.</Notice>}
          </section>
          <WebhookDeliveriesSection endpoint={e} />
        </>
      )}
    </Loaded>
  );
}

function EndpointActions({ endpoint, onRotated, onChange }: { endpoint: WebhookEndpoint; onRotated: (next: EndpointWithSecret) => void; onChange: () => void }) {
  const api = useWebhooksApi();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const act = async (action: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const rotate = () =>
    act(async () => {
      if (window.confirm('Rotate the signing secret? The old one keeps signing beside the new one for 24 hours, so receivers can switch over.')) onRotated(await api.rotateSecret(endpoint.id));
    });
  const toggle = () =>
    act(async () => {
      await api.setEnabled(endpoint.id, endpoint.status === 'disabled');
      onChange();
    });
  const remove = () =>
    act(async () => {
      if (!window.confirm(`Delete the endpoint ${endpoint.url}? Its signing secret and delivery log go with it, and no more events are sent to it.`)) return;
      await api.remove(endpoint.id);
      void navigate('/webhooks');
    });
  return (
    <div className="actions">
      <button type="button" onClick={() => void rotate()} disabled={busy}>
        Rotate signing secret
      </button>
      <button type="button" className={endpoint.status === 'enabled' ? 'danger' : undefined} onClick={() => void toggle()} disabled={busy}>
        {endpoint.status === 'enabled' ? 'Disable endpoint' : 'Enable endpoint'}
      </button>
      <button type="button" className="danger" onClick={() => void remove()} disabled={busy}>
        Delete endpoint
      </button>
      <ErrorMessage error={error} />
    </div>
  );
}
