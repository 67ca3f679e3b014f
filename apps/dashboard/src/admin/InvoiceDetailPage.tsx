import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Invoice } from '../api/billing';
import { ErrorMessage, Loaded } from '../components/feedback';
import { formatDateTime } from '../components/format';
import { useResource } from '../components/use-resource';
import { useAdminSession } from '../session/session';
import { InvoiceDocument } from '../usage/InvoiceDocument';
import { InvoiceLines } from '../usage/InvoiceLines';
import { useAdminApi } from './use-admin-api';

const NEXT_ACTIONS: Record<Invoice['status'], ('issue' | 'pay' | 'void')[]> = { draft: ['issue', 'void'], issued: ['pay', 'void'], paid: [], void: [] };
const ACTION_LABELS = { issue: 'Issue to the tenant', pay: 'Mark as paid', void: 'Void' } as const;

export function InvoiceDetailPage() {
  const { invoiceId = '' } = useParams();
  const api = useAdminApi();
  const invoice = useResource(() => api.invoice(invoiceId), [api, invoiceId]);
  return (
    <>
      <p>
        <Link to="/invoices">← All invoices</Link>
      </p>
      <Loaded resource={invoice} what="the invoice">
        {(i) => <InvoiceDetail invoice={i} onChange={invoice.reload} />}
      </Loaded>
    </>
  );
}

function InvoiceDetail({ invoice, onChange }: { invoice: Invoice; onChange: () => void }) {
  const api = useAdminApi();
  const { token } = useAdminSession();
  const tenant = useResource(() => api.tenant(invoice.tenantId), [api, invoice.tenantId]);
  const [error, setError] = useState<unknown>(null);
  const act = async (action: 'issue' | 'pay' | 'void') => {
    if (action === 'void' && !window.confirm(`Void invoice ${invoice.number}? This cannot be undone.`)) return;
    setError(null);
    try {
      await api.invoiceAction(invoice.id, action);
      onChange();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <>
      <h1>
        Invoice {invoice.number} <span className={`badge ${invoice.status}`}>{invoice.status}</span>
      </h1>
      <section className="card">
        <dl className="details">
          <dt>Tenant</dt>
          <dd>{tenant.data ? <Link to={`/tenants/${invoice.tenantId}`}>{tenant.data.name}</Link> : invoice.tenantId}</dd>
          <dt>Month</dt>
          <dd>{invoice.period}</dd>
          <dt>Drafted</dt>
          <dd>{formatDateTime(invoice.createdAt)}</dd>
          <dt>Issued</dt>
          <dd>{formatDateTime(invoice.issuedAt)}</dd>
          <dt>Paid</dt>
          <dd>{formatDateTime(invoice.paidAt)}</dd>
        </dl>
        <InvoiceLines invoice={invoice} />
        {NEXT_ACTIONS[invoice.status].length > 0 && (
          <div className="actions">
            {NEXT_ACTIONS[invoice.status].map((action) => (
              <button key={action} type="button" className={action === 'void' ? 'danger' : 'primary'} onClick={() => void act(action)}>
                {ACTION_LABELS[action]}
              </button>
            ))}
          </div>
        )}
        <ErrorMessage error={error} />
      </section>
      <section className="card" aria-labelledby="document-heading">
        <h2 id="document-heading">As the tenant receives it</h2>
        <InvoiceDocument token={token} path={api.invoiceDocumentPath(invoice.id)} number={invoice.number} />
      </section>
    </>
  );
}
