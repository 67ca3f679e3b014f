import { WebhookDelivery, WebhookEndpoint } from '../api/webhooks';
import { useCursorList } from '../components/cursor-list';
import { Column } from '../components/data-table';
import { ActionButton } from '../components/action-button';
import { EmptyState } from '../components/feedback';
import { formatDateTime } from '../components/format';
import { ListView } from '../components/list-view';
import { useWebhooksApi } from './use-webhooks-api';

/** An endpoint's delivery log, newest attempt's outcome per event, with manual redelivery. */
export function WebhookDeliveriesSection({ endpoint }: { endpoint: WebhookEndpoint }) {
  const api = useWebhooksApi();
  const deliveries = useCursorList((limit, after) => api.deliveries(endpoint.id, limit, after), [api, endpoint.id]);
  const columns: Column<WebhookDelivery>[] = [
    { header: 'Event', rowHeader: true, cell: (d) => d.eventType },
    { header: 'Event id', cellClassName: 'mono', cell: (d) => d.eventId },
    { header: 'Created', cell: (d) => formatDateTime(d.createdAt) },
    { header: 'Status', cell: (d) => d.status },
    { header: 'Attempts', number: true, cell: (d) => d.attempts },
    { header: 'Last response', cell: (d) => lastOutcome(d) },
    { header: 'Next attempt', cell: (d) => formatDateTime(d.nextAttemptAt) },
    { header: 'Redeliver', cell: (d) => <RedeliverButton endpoint={endpoint} delivery={d} onDone={deliveries.resource.reload} /> },
  ];
  return (
    <section className="card" aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">Deliveries</h2>
      <ListView
        list={deliveries}
        what="webhook deliveries"
        columns={columns}
        rowKey={(d) => d.id}
        empty={<EmptyState title="No deliveries yet">Each event of the chosen types is delivered here and logged with every attempt’s response.</EmptyState>}
      />
    </section>
  );
}

function lastOutcome(delivery: WebhookDelivery): string {
  const attempt = delivery.lastAttempt;
  if (!attempt) return 'not tried yet';
  const outcome = attempt.responseStatus !== null ? `HTTP ${attempt.responseStatus}` : attempt.error ?? 'no response';
  return `${outcome} at ${formatDateTime(attempt.attemptedAt)}`;
}

function RedeliverButton({ endpoint, delivery, onDone }: { endpoint: WebhookEndpoint; delivery: WebhookDelivery; onDone: () => void }) {
  const api = useWebhooksApi();
  return (
    <ActionButton
      label="Redeliver"
      name={`Redeliver ${delivery.eventType} ${delivery.eventId}`}
      disabled={endpoint.status === 'disabled'}
      action={() => api.redeliver(endpoint.id, delivery.id)}
      onDone={onDone}
    />
  );
}
