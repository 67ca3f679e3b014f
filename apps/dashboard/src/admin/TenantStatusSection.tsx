import { useState } from 'react';
import { Tenant } from '../api/billing';
import { ErrorMessage } from '../components/feedback';
import { TextField } from '../components/fields';
import { useSubmit } from '../components/form-state';
import { formatDateTime } from '../components/format';
import { useAdminApi } from './use-admin-api';

/** Suspending stops every key and member of the tenant at once (403 everywhere); reactivating lifts it. */
export function TenantStatusSection({ tenant, onChange }: { tenant: Tenant; onChange: () => void }) {
  const api = useAdminApi();
  const [reason, setReason] = useState('');
  const suspend = useSubmit(
    () => (reason.trim() ? {} : { reason: 'Say why, for the record and for the tenant' }),
    () => api.suspendTenant(tenant.id, reason.trim()),
    () => {
      setReason('');
      onChange();
    },
  );
  const reactivate = useSubmit(() => ({}), () => api.reactivateTenant(tenant.id), onChange);
  return (
    <section className="card" aria-labelledby="status-heading">
      <h2 id="status-heading">
        Status <span className={`badge ${tenant.status}`}>{tenant.status}</span>
      </h2>
      {tenant.status === 'suspended' ? (
        <form onSubmit={reactivate.onSubmit} noValidate>
          <p>Suspended since {formatDateTime(tenant.suspendedAt)}: its keys and members are refused by every service.</p>
          <ErrorMessage error={reactivate.formError()} />
          <button type="submit" className="primary" disabled={reactivate.busy}>
            Reactivate tenant
          </button>
        </form>
      ) : (
        <form onSubmit={suspend.onSubmit} noValidate className="form-row">
          <TextField label="Reason for suspending" value={reason} onChange={(e) => setReason(e.target.value)} error={suspend.problem('reason')} />
          <div className="actions">
            <button type="submit" className="danger" disabled={suspend.busy}>
              Suspend tenant
            </button>
          </div>
          <ErrorMessage error={suspend.formError()} />
        </form>
      )}
    </section>
  );
}
