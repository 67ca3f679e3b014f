import { useMemo, useState } from 'react';
import { Invoice, tenantBillingApi } from '../api/billing';
import { EmptyState, Loaded } from '../components/feedback';
import { currentPeriod, formatMoney } from '../components/format';
import { usePaged } from '../components/pagination';
import { useResource } from '../components/use-resource';
import { useTenantSession } from '../session/session';
import { InvoiceDocument } from './InvoiceDocument';
import { InvoiceLines } from './InvoiceLines';
import { isPeriod, PeriodField } from './period-field';
import { UsageView } from './UsageView';

export function TenantBillingPage() {
  const { token } = useTenantSession();
  const api = useMemo(() => tenantBillingApi(token), [token]);
  const [period, setPeriod] = useState(currentPeriod());
  const usage = useResource(async () => {
    if (!isPeriod(period)) return null;
    const [report, subscription] = await Promise.all([api.usage(period), api.subscription().catch(() => null)]);
    return { report, includedTokens: subscription ? BigInt(subscription.plan.includedTokens) : null };
  }, [api, period]);
  const invoices = useResource(() => api.invoices(), [api]);
  return (
    <>
      <h1>Usage and invoices</h1>
      <section className="card" aria-labelledby="usage-heading">
        <h2 id="usage-heading">Usage</h2>
        <PeriodField value={period} onChange={setPeriod} />
        <Loaded resource={usage} what="usage">
          {(result) => (result ? <UsageView report={result.report} includedTokens={result.includedTokens} /> : null)}
        </Loaded>
      </section>
      <section className="card" aria-labelledby="invoices-heading">
        <h2 id="invoices-heading">Invoices</h2>
        <Loaded resource={invoices} what="invoices">
          {(list) => <TenantInvoices invoices={list} token={token} documentPath={api.invoiceDocumentPath} />}
        </Loaded>
      </section>
    </>
  );
}

function TenantInvoices({ invoices, token, documentPath }: { invoices: Invoice[]; token: string; documentPath: (id: string) => string }) {
  const [open, setOpen] = useState<Invoice | null>(null);
  const { pageItems, pager } = usePaged(invoices);
  if (invoices.length === 0) return <EmptyState title="No invoices yet">Your first invoice arrives after your first month on a plan ends.</EmptyState>;
  return (
    <>
      <table>
        <thead>
          <tr>
            <th scope="col">Invoice</th>
            <th scope="col">Month</th>
            <th scope="col">Status</th>
            <th scope="col" className="number">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {pageItems.map((i) => (
            <tr key={i.id}>
              <td>
                <button type="button" onClick={() => setOpen(i)}>
                  Invoice {i.number}
                </button>
              </td>
              <td>{i.period}</td>
              <td>
                <span className={`badge ${i.status}`}>{i.status}</span>
              </td>
              <td className="number">{formatMoney(i.totalMinor, i.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pager}
      {open && (
        <>
          <h3>Invoice {open.number}</h3>
          <InvoiceLines invoice={open} />
          <InvoiceDocument token={token} path={documentPath(open.id)} number={open.number} />
        </>
      )}
    </>
  );
}
