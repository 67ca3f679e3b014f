import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Tenant } from '../api/billing';
import { Column } from '../components/data-table';
import { EmptyState, ErrorMessage } from '../components/feedback';
import { TextField } from '../components/fields';
import { useSubmit } from '../components/form-state';
import { formatDate } from '../components/format';
import { useCursorList } from '../components/cursor-list';
import { ListView } from '../components/list-view';
import { useAdminApi } from './use-admin-api';

export function TenantsPage() {
  const [filter, setFilter] = useState('');
  return (
    <>
      <h1>Tenants</h1>
      <CreateTenantForm />
      <section className="card" aria-labelledby="tenant-list">
        <h2 id="tenant-list">All tenants</h2>
        <TextField label="Filter by name" type="search" value={filter} maxLength={200} onChange={(e) => setFilter(e.target.value)} />
        {/* A new filter starts again at the first page. */}
        <TenantTable key={filter.trim()} filter={filter.trim()} />
      </section>
    </>
  );
}

const COLUMNS: Column<Tenant>[] = [
  { header: 'Name', cell: (tenant) => <Link to={`/tenants/${tenant.id}`}>{tenant.name}</Link> },
  { header: 'Status', cell: (tenant) => <span className={`badge ${tenant.status}`}>{tenant.status}</span> },
  { header: 'Created', cell: (tenant) => formatDate(tenant.createdAt) },
];

/** One page of the tenants whose name contains the filter (billing searches, any case). */
function TenantTable({ filter }: { filter: string }) {
  const api = useAdminApi();
  const tenants = useCursorList((limit, after) => api.tenants(limit, after, filter ? { q: filter } : {}), [api, filter]);
  return (
    <ListView
      list={tenants}
      what="tenants"
      columns={COLUMNS}
      rowKey={(tenant) => tenant.id}
      empty={
        filter ? (
          <p className="muted">No tenant’s name contains “{filter}”.</p>
        ) : (
          <EmptyState title="No tenants yet">Create the first one above: give it a name, then add its users and API keys and put it on a plan.</EmptyState>
        )
      }
    />
  );
}

function CreateTenantForm() {
  const api = useAdminApi();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const form = useSubmit(
    () => (name.trim() ? {} : { name: 'Enter the tenant’s name, such as the customer’s company' }),
    () => api.createTenant(name.trim()),
    (tenant) => navigate(`/tenants/${tenant.id}`),
  );
  return (
    <section className="card" aria-labelledby="new-tenant">
      <h2 id="new-tenant">New tenant</h2>
      <form onSubmit={form.onSubmit} noValidate className="form-row">
        <TextField label="Tenant name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} error={form.problem('name')} />
        <div className="actions">
          <button type="submit" className="primary" disabled={form.busy}>
            Create tenant
          </button>
        </div>
      </form>
      <ErrorMessage error={form.formError()} />
    </section>
  );
}
