import { Link, useParams } from 'react-router';
import { Loaded } from '../components/feedback';
import { formatDate } from '../components/format';
import { useResource } from '../components/use-resource';
import { ApiKeysSection } from './ApiKeysSection';
import { CreditsSection } from './CreditsSection';
import { SubscriptionSection } from './SubscriptionSection';
import { TenantProfileSection } from './TenantProfileSection';
import { TenantStatusSection } from './TenantStatusSection';
import { useAdminApi } from './use-admin-api';
import { UsersSection } from './UsersSection';

export function TenantDetailPage() {
  const { tenantId = '' } = useParams();
  const api = useAdminApi();
  const tenant = useResource(() => api.tenant(tenantId), [api, tenantId]);
  return (
    <Loaded resource={tenant} what="the tenant">
      {(t) => (
        <>
          <p>
            <Link to="/tenants">← All tenants</Link>
          </p>
          <h1>{t.name}</h1>
          <dl className="details card">
            <dt>Tenant id</dt>
            <dd className="mono">{t.id}</dd>
            <dt>Created</dt>
            <dd>{formatDate(t.createdAt)}</dd>
            <dt>Usage and invoices</dt>
            <dd>
              <Link to={`/usage?tenant=${t.id}`}>Usage of {t.name}</Link> · <Link to={`/invoices?tenant=${t.id}`}>Invoices of {t.name}</Link>
            </dd>
          </dl>
          <TenantProfileSection tenant={t} onChange={tenant.reload} />
          <TenantStatusSection tenant={t} onChange={tenant.reload} />
          <SubscriptionSection tenantId={t.id} />
          <CreditsSection tenantId={t.id} />
          <UsersSection tenantId={t.id} />
          <ApiKeysSection tenantId={t.id} />
        </>
      )}
    </Loaded>
  );
}
