import { useState } from 'react';
import { Link } from 'react-router';
import { EndpointWithSecret, WebhookEndpoint } from '../api/webhooks';
import { useCursorList } from '../components/cursor-list';
import { Column } from '../components/data-table';
import { EmptyState, ErrorMessage } from '../components/feedback';
import { CheckboxField, TextField } from '../components/fields';
import { useSubmit } from '../components/form-state';
import { formatDate } from '../components/format';
import { ListView } from '../components/list-view';
import { useResource } from '../components/use-resource';
import { SigningSecretNotice } from './SigningSecretNotice';
import { useWebhooksApi } from './use-webhooks-api';

const COLUMNS: Column<WebhookEndpoint>[] = [
  { header: 'URL', rowHeader: true, cell: (e) => <Link to={`/webhooks/${e.id}`}>{e.url}</Link> },
  { header: 'Events', cell: (e) => e.eventTypes.join(', ') },
  { header: 'Status', cell: (e) => <span className={`badge ${e.status === 'disabled' ? 'revoked' : ''}`}>{e.status}</span> },
  { header: 'Created', cell: (e) => formatDate(e.createdAt) },
];

/** The tenant's webhook endpoints, and a form for a new one whose signing secret is shown once. */
export function WebhooksPage() {
  const api = useWebhooksApi();
  const endpoints = useCursorList((limit, after) => api.endpoints(limit, after), [api]);
  const [created, setCreated] = useState<EndpointWithSecret | null>(null);
  return (
    <>
      <h1>Webhooks</h1>
      <section className="card" aria-labelledby="new-endpoint-heading">
        <h2 id="new-endpoint-heading">New endpoint</h2>
        {created && <SigningSecretNotice endpoint={created} onDismiss={() => setCreated(null)} />}
        <CreateEndpointForm
          onCreated={(endpoint) => {
            setCreated(endpoint);
            endpoints.resource.reload();
          }}
        />
      </section>
      <section className="card" aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">Endpoints</h2>
        <ListView
          list={endpoints}
          what="webhook endpoints"
          columns={COLUMNS}
          rowKey={(e) => e.id}
          empty={<EmptyState title="No webhook endpoints yet">Add one above: llmchain then posts signed events to it as jobs, batches and invoices change.</EmptyState>}
        />
      </section>
    </>
  );
}

function CreateEndpointForm({ onCreated }: { onCreated: (endpoint: EndpointWithSecret) => void }) {
  const api = useWebhooksApi();
  const eventTypes = useResource(() => api.eventTypes(), [api]);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const form = useSubmit(
    () => ({
      url: /^https?:\/\/\S+$/.test(url.trim()) ? undefined : 'Enter the URL that receives the events, like https://example.com/hooks',
      eventTypes: chosen.length ? undefined : 'Choose at least one event type',
    }),
    () => api.create({ url: url.trim(), eventTypes: chosen, description: description.trim() }),
    (endpoint) => {
      setUrl('');
      setDescription('');
      setChosen([]);
      onCreated(endpoint);
    },
  );
  const toggle = (type: string) => setChosen((c) => (c.includes(type) ? c.filter((t) => t !== type) : [...c, type]));
  const eventsError = form.problem('eventTypes');
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <div className="form-row">
        <TextField label="Endpoint URL" type="url" value={url} maxLength={2048} onChange={(e) => setUrl(e.target.value)} error={form.problem('url')} />
        <TextField label="Description (optional)" value={description} maxLength={500} onChange={(e) => setDescription(e.target.value)} error={form.problem('description')} />
      </div>
      <fieldset aria-describedby={eventsError ? 'event-types-error' : undefined}>
        <legend>Event types</legend>
        <ErrorMessage error={eventTypes.error} />
        {eventTypes.data?.map((type) => <CheckboxField key={type} label={type} checked={chosen.includes(type)} onChange={() => toggle(type)} />)}
        {eventsError && (
          <small className="field-error" id="event-types-error">
            {eventsError}
          </small>
        )}
      </fieldset>
      <button type="submit" className="primary" disabled={form.busy}>
        Add endpoint
      </button>
      <ErrorMessage error={form.formError()} />
    </form>
  );
}
