import { useState } from 'react';
import { Link } from 'react-router';
import { Plan, Subscription } from '../api/billing';
import { allPages } from '../api/http';
import { EmptyState, ErrorMessage, Loaded } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
import { useSubmit } from '../components/form-state';
import { formatDate, formatInteger, formatMoney } from '../components/format';
import { usePaged } from '../components/pagination';
import { useResource } from '../components/use-resource';
import { currentSubscription, prorateChange } from './proration';
import { useAdminApi } from './use-admin-api';

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
  const { pageItems, pager } = usePaged(subscriptions);
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
          <table>
            <caption className="muted">
              The month’s fee and included tokens split by day ({preview.daysInMonth} days), as the invoice will show them.
            </caption>
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col">Days</th>
                <th scope="col" className="number">
                  Days on plan
                </th>
                <th scope="col" className="number">
                  Fee share
                </th>
                <th scope="col" className="number">
                  Included tokens
                </th>
              </tr>
            </thead>
            <tbody>
              {preview.segments.map((s) => (
                <tr key={`${s.plan.id}-${s.fromDay}`}>
                  <td>
                    {s.plan.name} v{s.plan.version}
                  </td>
                  <td>
                    {s.fromDay} to {s.toDay}
                  </td>
                  <td className="number">{s.days}</td>
                  <td className="number">{formatMoney(s.feeMinor, s.plan.currency)}</td>
                  <td className="number">{formatInteger(s.includedTokens)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>History</h3>
      {subscriptions.length === 0 ? (
        <p className="muted">No subscriptions yet.</p>
      ) : (
        <>
          <table>
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col">From</th>
                <th scope="col">Until (exclusive)</th>
              </tr>
            </thead>
            <tbody>
              {pageItems.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/plans/${s.plan.id}`}>
                      {s.plan.name} ({s.plan.code} v{s.plan.version})
                    </Link>
                  </td>
                  <td>{formatDate(s.startsOn)}</td>
                  <td>{s.endsOn ? formatDate(s.endsOn) : 'running'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pager}
        </>
      )}
    </>
  );
}
