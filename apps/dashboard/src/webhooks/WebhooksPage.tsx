import { useState } from 'react';
import { Link } from 'react-router';
import { EndpointWithSecret, WebhookEndpoint } from '../api/webhooks';
import { useCursorList } from '../components/cursor-list';
import { Column } from '../components/data-table';
import { EmptyState } from '../components/feedback';
import { formatDate } from '../components/format';
import { ListView } from '../components/list-view';
import { EndpointForm } from './EndpointForm';
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
        <EndpointForm
          submitLabel="Add endpoint"
          submit={(fields) => api.create(fields)}
          resetOnDone
          onDone={(endpoint) => {
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
