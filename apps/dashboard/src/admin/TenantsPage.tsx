import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { EmptyState, ErrorMessage, Loaded } from '../components/feedback';
import { TextField } from '../components/fields';
import { useSubmit } from '../components/form-state';
import { formatDate } from '../components/format';
import { useCursorList } from '../components/cursor-list';
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

/** One page of the tenants whose name contains the filter (billing searches, any case). */
function TenantTable({ filter }: { filter: string }) {
  const api = useAdminApi();
  const { resource, pager } = useCursorList((limit, after) => api.tenants(limit, after, filter ? { q: filter } : {}), [api, filter]);
  return (
    <Loaded resource={resource} what="tenants">
      {(page) =>
        page.data.length === 0 ? (
          filter ? (
            <p className="muted">No tenant’s name contains “{filter}”.</p>
          ) : (
            <EmptyState title="No tenants yet">Create the first one above: give it a name, then add its users and API keys and put it on a plan.</EmptyState>
          )
        ) : (
          <>
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {page.data.map((tenant) => (
                  <tr key={tenant.id}>
                    <td>
                      <Link to={`/tenants/${tenant.id}`}>{tenant.name}</Link>
                    </td>
                    <td>
                      <span className={`badge ${tenant.status}`}>{tenant.status}</span>
                    </td>
                    <td>{formatDate(tenant.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {pager}
          </>
        )
      }
    </Loaded>
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
