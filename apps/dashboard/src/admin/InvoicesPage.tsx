import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { InvoiceSummary } from '../api/billing';
import { useCursorList } from '../components/cursor-list';
import { Column } from '../components/data-table';
import { EmptyState, ErrorMessage } from '../components/feedback';
import { useSubmit } from '../components/form-state';
import { currentPeriod, formatDate, formatMoney, previousPeriod } from '../components/format';
import { ListView } from '../components/list-view';
import { isPeriod, PeriodField } from '../usage/period-field';
import { TenantSelect } from './TenantSelect';
import { useAdminApi } from './use-admin-api';
import { useTenantNames } from './use-tenant-names';

export function InvoicesPage() {
  const [params, setParams] = useSearchParams();
  const tenantId = params.get('tenant') ?? '';
  const period = params.get('period') ?? '';
  const set = (name: string, value: string) => setParams((p) => ({ ...Object.fromEntries(p), [name]: value }), { replace: true });
  const filter = { tenantId: tenantId || undefined, period: isPeriod(period) ? period : undefined };
  return (
    <>
      <h1>Invoices</h1>
      <GenerateInvoiceForm defaultTenant={tenantId} />
      <section className="card" aria-labelledby="invoice-list">
        <h2 id="invoice-list">Invoices</h2>
        <div className="form-row">
          <TenantSelect label="Tenant" searchLabel="Find the tenant whose invoices to list" value={tenantId} onChange={(value) => set('tenant', value)}>
            <option value="">All tenants</option>
          </TenantSelect>
          <PeriodField label="Billed month (optional)" value={period} onChange={(value) => set('period', value)} />
        </div>
        {/* Other filters start again at the first page. */}
        <InvoiceTable key={`${filter.tenantId}|${filter.period}`} filter={filter} />
      </section>
    </>
  );
}

function InvoiceTable({ filter }: { filter: { tenantId?: string; period?: string } }) {
  const api = useAdminApi();
  const invoices = useCursorList((limit, after) => api.invoices(filter, limit, after), [api, filter.tenantId, filter.period]);
  const nameOf = useTenantNames((invoices.rows ?? []).map((i) => i.tenantId));
  const columns: Column<InvoiceSummary>[] = [
    { header: 'Number', cell: (i) => <Link to={`/invoices/${i.id}`}>Invoice {i.number}</Link> },
    { header: 'Tenant', cell: (i) => nameOf(i.tenantId) },
    { header: 'Month', cell: (i) => i.period },
    { header: 'Status', cell: (i) => <span className={`badge ${i.status}`}>{i.status}</span> },
    { header: 'Total', number: true, cell: (i) => formatMoney(i.totalMinor, i.currency) },
    { header: 'Drafted', cell: (i) => formatDate(i.createdAt) },
  ];
  return (
    <ListView
      list={invoices}
      what="invoices"
      columns={columns}
      rowKey={(i) => i.id}
      empty={
        <EmptyState title="No invoices here">
          Invoices are drafted for each tenant after a month ends (every hour for last month), or now with the form above.
        </EmptyState>
      }
    />
  );
}

function GenerateInvoiceForm({ defaultTenant }: { defaultTenant: string }) {
  const api = useAdminApi();
  const navigate = useNavigate();
  const [tenantId, setTenantId] = useState(defaultTenant);
  const [period, setPeriod] = useState(previousPeriod(currentPeriod()));
  const form = useSubmit(
    () => ({
      ...(tenantId ? {} : { tenantId: 'Choose the tenant to invoice' }),
      ...(!isPeriod(period) ? { period: 'Choose a month' } : period >= currentPeriod() ? { period: 'Choose a month that has ended: invoices close a month' } : {}),
    }),
    () => api.generateInvoice(tenantId, period),
    (invoice) => navigate(`/invoices/${invoice.id}`),
  );
  return (
    <section className="card" aria-labelledby="generate-invoice">
      <h2 id="generate-invoice">Draft an invoice now</h2>
      <form onSubmit={form.onSubmit} noValidate className="form-row">
        <TenantSelect label="Tenant to invoice" searchLabel="Find the tenant to invoice" value={tenantId} onChange={setTenantId} error={form.problem('tenantId')}>
          <option value="">Choose a tenant…</option>
        </TenantSelect>
        <PeriodField label="Month to invoice" value={period} onChange={setPeriod} error={form.problem('period')} />
        <div className="actions">
          <button type="submit" className="primary" disabled={form.busy}>
            Draft invoice
          </button>
        </div>
      </form>
      <ErrorMessage error={form.formError()} />
    </section>
  );
}
