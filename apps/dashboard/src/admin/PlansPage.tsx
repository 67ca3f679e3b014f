import { ReactNode, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Plan } from '../api/billing';
import { EmptyState, Loaded } from '../components/feedback';
import { CheckboxField } from '../components/fields';
import { formatInteger, formatMoney } from '../components/format';
import { useCursorList } from '../components/cursor-list';
import { EMPTY_PLAN, PlanForm } from './PlanForm';
import { useAdminApi } from './use-admin-api';

export function PlansPage() {
  const api = useAdminApi();
  const navigate = useNavigate();
  const [includeRetired, setIncludeRetired] = useState(false);
  return (
    <>
      <h1>Plans</h1>
      <section className="card" aria-labelledby="plan-list">
        <h2 id="plan-list">Plans on offer</h2>
        <CheckboxField label="Show retired plans" checked={includeRetired} onChange={(e) => setIncludeRetired(e.target.checked)} />
        <PlanTable key={String(includeRetired)} includeRetired={includeRetired} />
      </section>
      <section className="card" aria-labelledby="new-plan">
        <h2 id="new-plan">New plan</h2>
        <PlanForm initial={EMPTY_PLAN} withCode submitLabel="Create plan" save={(terms) => api.createPlan(terms)} onSaved={(plan) => navigate(`/plans/${plan.id}`)} />
      </section>
    </>
  );
}

function PlanTable({ includeRetired }: { includeRetired: boolean }) {
  const api = useAdminApi();
  const { resource, pager } = useCursorList((limit, after) => api.plans(includeRetired, limit, after), [api, includeRetired]);
  return (
    <Loaded resource={resource} what="plans">
      {(page) => <PlanRows plans={page.data} pager={pager} />}
    </Loaded>
  );
}

function PlanRows({ plans, pager }: { plans: Plan[]; pager: ReactNode }) {
  if (plans.length === 0)
    return <EmptyState title="No plans yet">Create the first plan below: its monthly fee, included tokens, limits and the price of each kind of token.</EmptyState>;
  return (
    <>
      <table>
        <thead>
          <tr>
            <th scope="col">Plan</th>
            <th scope="col">Version</th>
            <th scope="col" className="number">
              Monthly fee
            </th>
            <th scope="col" className="number">
              Included tokens
            </th>
            <th scope="col">Quota</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to={`/plans/${p.id}`}>{p.name}</Link> <span className="muted mono">{p.code}</span>
              </td>
              <td>v{p.version}</td>
              <td className="number">{formatMoney(p.monthlyFeeMinor, p.currency)}</td>
              <td className="number">{formatInteger(p.includedTokens)}</td>
              <td>{p.quotaMode}</td>
              <td>{p.retiredAt ? <span className="badge void">retired</span> : <span className="badge active">on offer</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pager}
    </>
  );
}
