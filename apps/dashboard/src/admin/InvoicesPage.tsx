import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Invoice, Tenant } from '../api/billing';
import { EmptyState, ErrorMessage, Loaded } from '../components/feedback';
import { SelectField } from '../components/fields';
import { useSubmit } from '../components/form-state';
import { currentPeriod, formatDate, formatMoney, previousPeriod } from '../components/format';
import { usePaged } from '../components/pagination';
import { useResource } from '../components/use-resource';
import { isPeriod, PeriodField } from '../usage/period-field';
import { useAdminApi } from './use-admin-api';

export function InvoicesPage() {
  const api = useAdminApi();
  const [params, setParams] = useSearchParams();
  const tenantId = params.get('tenant') ?? '';
  const period = params.get('period') ?? '';
  const tenants = useResource(() => api.tenants(), [api]);
  const invoices = useResource(
    () => api.invoices({ tenantId: tenantId || undefined, period: isPeriod(period) ? period : undefined }),
    [api, tenantId, period],
  );
  const set = (name: string, value: string) => setParams((p) => ({ ...Object.fromEntries(p), [name]: value }), { replace: true });
  const tenantList = tenants.data ?? [];
  return (
    <>
      <h1>Invoices</h1>
      <GenerateInvoiceForm tenants={tenantList} defaultTenant={tenantId} />
      <section className="card" aria-labelledby="invoice-list">
        <h2 id="invoice-list">Invoices</h2>
        <div className="form-row">
          <SelectField label="Tenant" value={tenantId} onChange={(e) => set('tenant', e.target.value)}>
            <option value="">All tenants</option>
            {tenantList.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </SelectField>
          <PeriodField label="Billed month (optional)" value={period} onChange={(value) => set('period', value)} />
        </div>
        <Loaded resource={invoices} what="invoices">
          {(list) => <InvoiceTable invoices={list} tenants={tenantList} />}
        </Loaded>
      </section>
    </>
  );
}

function InvoiceTable({ invoices, tenants }: { invoices: Invoice[]; tenants: Tenant[] }) {
  const { pageItems, pager } = usePaged(invoices);
  const nameOf = (id: string) => tenants.find((t) => t.id === id)?.name ?? id.slice(0, 8);
  if (invoices.length === 0)
    return (
      <EmptyState title="No invoices here">
        Invoices are drafted for each tenant after a month ends (every hour for last month), or now with the form above.
      </EmptyState>
    );
  return (
    <>
      <table>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Tenant</th>
            <th scope="col">Month</th>
            <th scope="col">Status</th>
            <th scope="col" className="number">
              Total
            </th>
            <th scope="col">Drafted</th>
          </tr>
        </thead>
        <tbody>
          {pageItems.map((i) => (
            <tr key={i.id}>
              <td>
                <Link to={`/invoices/${i.id}`}>Invoice {i.number}</Link>
              </td>
              <td>{nameOf(i.tenantId)}</td>
              <td>{i.period}</td>
              <td>
                <span className={`badge ${i.status}`}>{i.status}</span>
              </td>
              <td className="number">{formatMoney(i.totalMinor, i.currency)}</td>
              <td>{formatDate(i.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pager}
    </>
  );
}

function GenerateInvoiceForm({ tenants, defaultTenant }: { tenants: Tenant[]; defaultTenant: string }) {
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
        <SelectField label="Tenant to invoice" value={tenantId} onChange={(e) => setTenantId(e.target.value)} error={form.problem('tenantId')}>
          <option value="">Choose a tenant…</option>
          {tenants.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </SelectField>
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
