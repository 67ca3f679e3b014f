import { useState } from 'react';
import { Link } from 'react-router';
import { Plan, Subscription } from '../api/billing';
import { allPages } from '../api/http';
import { Column, DataTable } from '../components/data-table';
import { EmptyState, ErrorMessage, Loaded } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
import { useSubmit } from '../components/form-state';
import { formatDate, formatInteger, formatMoney } from '../components/format';
import { ListView } from '../components/list-view';
import { usePaged } from '../components/pagination';
import { useResource } from '../components/use-resource';
import { currentSubscription, prorateChange } from './proration';
import { useAdminApi } from './use-admin-api';

type Segment = ReturnType<typeof prorateChange>['segments'][number];

const PRORATION_COLUMNS: Column<Segment>[] = [
  { header: 'Plan', cell: (s) => `${s.plan.name} v${s.plan.version}` },
  { header: 'Days', cell: (s) => `${s.fromDay} to ${s.toDay}` },
  { header: 'Days on plan', number: true, cell: (s) => s.days },
  { header: 'Fee share', number: true, cell: (s) => formatMoney(s.feeMinor, s.plan.currency) },
  { header: 'Included tokens', number: true, cell: (s) => formatInteger(s.includedTokens) },
];

const HISTORY_COLUMNS: Column<Subscription>[] = [
  {
    header: 'Plan',
    cell: (s) => (
      <Link to={`/plans/${s.plan.id}`}>
        {s.plan.name} ({s.plan.code} v{s.plan.version})
      </Link>
    ),
  },
  { header: 'From', cell: (s) => formatDate(s.startsOn) },
  { header: 'Until (exclusive)', cell: (s) => (s.endsOn ? formatDate(s.endsOn) : 'running') },
];

const today = () => new Date().toISOString().slice(0, 10);

export function SubscriptionSection({ tenantId }: { tenantId: string }) {
  const api = useAdminApi();
  // The subscription in force and the proration need the whole history; the plans on offer fill a select.
  const history = useResource(() => allPages((limit, after) => api.subscriptions(tenantId, limit, after)), [api, tenantId]);
  const plans = useResource(() => allPages((limit, after) => api.plans(false, limit, after)), [api]);
  return (
    <section className="card" aria-labelledby="subscription-heading">
      <h2 id="subscription-heading">Plan and subscription</h2>
      <Loaded resource={history} what="subscriptions">
        {(subscriptions) => (
          <Loaded resource={plans} what="plans">
            {(planList) => <SubscriptionBody tenantId={tenantId} subscriptions={subscriptions} plans={planList} onChange={history.reload} />}
          </Loaded>
        )}
      </Loaded>
    </section>
  );
}

function SubscriptionBody({ tenantId, subscriptions, plans, onChange }: { tenantId: string; subscriptions: Subscription[]; plans: Plan[]; onChange: () => void }) {
  const api = useAdminApi();
  const current = currentSubscription(subscriptions);
  const [planId, setPlanId] = useState('');
  const [startsOn, setStartsOn] = useState(today());
  const chosen = plans.find((p) => p.id === planId);
  const validDay = /^\d{4}-\d{2}-\d{2}$/.test(startsOn);
  const form = useSubmit(
    () => ({
      ...(chosen ? {} : { planId: 'Choose the plan to move the tenant to' }),
      ...(validDay ? {} : { startsOn: 'Choose the first day on the new plan' }),
    }),
    () => api.changeSubscription(tenantId, { planId, startsOn }),
    () => {
      setPlanId('');
      onChange();
    },
  );
  const history = usePaged(subscriptions);
  if (plans.length === 0 && subscriptions.length === 0)
    return (
      <EmptyState title="No plans to subscribe to">
        <Link to="/plans">Create a plan</Link> first, then come back to put this tenant on it.
      </EmptyState>
    );
  const preview = chosen && validDay ? prorateChange(current, chosen, startsOn) : null;
  return (
    <>
      <p>
        {current ? (
          <>
            On <strong>{current.plan.name}</strong> ({current.plan.code} v{current.plan.version}) since {formatDate(current.startsOn)}.
          </>
        ) : (
          'No plan in force today: choose one below so the tenant’s usage is billed and limited.'
        )}
      </p>
      <form onSubmit={form.onSubmit} noValidate className="form-row">
        <SelectField label={current ? 'Change plan to' : 'Plan'} value={planId} onChange={(e) => setPlanId(e.target.value)} error={form.problem('planId')}>
          <option value="">Choose a plan…</option>
          {plans.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.code} v{p.version}) — {formatMoney(p.monthlyFeeMinor, p.currency)} a month
            </option>
          ))}
        </SelectField>
        <TextField label="Starting on" type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} error={form.problem('startsOn')} />
        <div className="actions">
          <button type="submit" className="primary" disabled={form.busy}>
            {current ? 'Change plan' : 'Subscribe'}
          </button>
        </div>
      </form>
      <ErrorMessage error={form.formError()} />
      {preview && (
        <div aria-live="polite">
          <h3>Proration for {preview.month}</h3>
          <DataTable
            columns={PRORATION_COLUMNS}
            rows={preview.segments}
            rowKey={(s) => `${s.plan.id}-${s.fromDay}`}
            caption={<>The month’s fee and included tokens split by day ({preview.daysInMonth} days), as the invoice will show them.</>}
          />
        </div>
      )}
      <h3>History</h3>
      <ListView list={history} what="subscriptions" columns={HISTORY_COLUMNS} rowKey={(s) => s.id} empty={<p className="muted">No subscriptions yet.</p>} />
    </>
  );
}
