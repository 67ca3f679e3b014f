import { useSearchParams } from 'react-router';
import { BarList } from '../components/bar-list';
import { Loaded } from '../components/feedback';
import { allPages } from '../api/http';
import { currentPeriod } from '../components/format';
import { useResource } from '../components/use-resource';
import { isPeriod, PeriodField } from '../usage/period-field';
import { UsageView } from '../usage/UsageView';
import { platformUsage } from './platform-usage';
import { currentSubscription } from './proration';
import { TenantSelect } from './TenantSelect';
import { useAdminApi } from './use-admin-api';

const PLATFORM = 'platform';

export function AdminUsagePage() {
  const api = useAdminApi();
  const [params, setParams] = useSearchParams();
  const tenantId = params.get('tenant') ?? PLATFORM;
  const period = params.get('period') ?? currentPeriod();
  const usage = useResource(async () => {
    if (!isPeriod(period)) return null;
    if (tenantId === PLATFORM) return { ...(await platformUsage(api, period)), includedTokens: null };
    const [report, subscriptions] = await Promise.all([api.usage(tenantId, period), allPages((limit, after) => api.subscriptions(tenantId, limit, after))]);
    const plan = currentSubscription(subscriptions)?.plan;
    return { report, includedTokens: plan ? BigInt(plan.includedTokens) : null, topTenants: null };
  }, [api, tenantId, period]);
  const set = (name: string, value: string) => setParams((p) => ({ ...Object.fromEntries(p), [name]: value }), { replace: true });
  return (
    <>
      <h1>Usage</h1>
      <div className="card form-row">
        <TenantSelect label="Whose usage" searchLabel="Find the tenant whose usage to show" value={tenantId} onChange={(value) => set('tenant', value)}>
          <option value={PLATFORM}>Whole platform</option>
        </TenantSelect>
        <PeriodField value={period} onChange={(value) => set('period', value)} />
      </div>
      <Loaded resource={usage} what="usage">
        {(result) =>
          result ? (
            <>
              <UsageView report={result.report} includedTokens={result.includedTokens} />
              {result.topTenants && <BarList title="Tokens by tenant (the top ten)" rows={result.topTenants} emptyText="No tenant used tokens this month." />}
            </>
          ) : null
        }
      </Loaded>
    </>
  );
}
