import { useMemo, useState } from 'react';
import { Invoice, InvoiceSummary, tenantBillingApi } from '../api/billing';
import { Column } from '../components/data-table';
import { EmptyState, Loaded } from '../components/feedback';
import { currentPeriod, formatMoney } from '../components/format';
import { ListView } from '../components/list-view';
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
          {(list) => <TenantInvoices invoices={list} token={token} load={api.invoice} documentPath={api.invoiceDocumentPath} />}
        </Loaded>
      </section>
    </>
  );
}

type InvoicesProps = { invoices: InvoiceSummary[]; token: string; load: (id: string) => Promise<Invoice>; documentPath: (id: string) => string };

function TenantInvoices({ invoices, token, load, documentPath }: InvoicesProps) {
  const [open, setOpen] = useState<InvoiceSummary | null>(null);
  const columns: Column<InvoiceSummary>[] = [
    {
      header: 'Invoice',
      cell: (i) => (
        <button type="button" onClick={() => setOpen(i)}>
          Invoice {i.number}
        </button>
      ),
    },
    { header: 'Month', cell: (i) => i.period },
    { header: 'Status', cell: (i) => <span className={`badge ${i.status}`}>{i.status}</span> },
    { header: 'Total', number: true, cell: (i) => formatMoney(i.totalMinor, i.currency) },
  ];
  return (
    <>
      <ListView
        list={usePaged(invoices)}
        what="invoices"
        columns={columns}
        rowKey={(i) => i.id}
        empty={<EmptyState title="No invoices yet">Your first invoice arrives after your first month on a plan ends.</EmptyState>}
      />
      {open && (
        <>
          <h3>Invoice {open.number}</h3>
          <OpenInvoiceLines id={open.id} load={load} />
          <InvoiceDocument token={token} path={documentPath(open.id)} number={open.number} />
        </>
      )}
    </>
  );
}

/** A list answers invoices without their lines: the opened one is fetched whole. */
function OpenInvoiceLines({ id, load }: { id: string; load: (id: string) => Promise<Invoice> }) {
  const invoice = useResource(() => load(id), [load, id]);
  return (
    <Loaded resource={invoice} what="the invoice’s lines">
      {(whole) => <InvoiceLines invoice={whole} />}
    </Loaded>
  );
}
