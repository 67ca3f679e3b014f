import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Plan } from '../api/billing';
import { Column } from '../components/data-table';
import { EmptyState } from '../components/feedback';
import { CheckboxField } from '../components/fields';
import { formatInteger, formatMoney } from '../components/format';
import { useCursorList } from '../components/cursor-list';
import { ListView } from '../components/list-view';
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

const COLUMNS: Column<Plan>[] = [
  {
    header: 'Plan',
    cell: (p) => (
      <>
        <Link to={`/plans/${p.id}`}>{p.name}</Link> <span className="muted mono">{p.code}</span>
      </>
    ),
  },
  { header: 'Version', cell: (p) => `v${p.version}` },
  { header: 'Monthly fee', number: true, cell: (p) => formatMoney(p.monthlyFeeMinor, p.currency) },
  { header: 'Included tokens', number: true, cell: (p) => formatInteger(p.includedTokens) },
  { header: 'Quota', cell: (p) => p.quotaMode },
  { header: 'Status', cell: (p) => (p.retiredAt ? <span className="badge void">retired</span> : <span className="badge active">on offer</span>) },
];

function PlanTable({ includeRetired }: { includeRetired: boolean }) {
  const api = useAdminApi();
  const plans = useCursorList((limit, after) => api.plans(includeRetired, limit, after), [api, includeRetired]);
  return (
    <ListView
      list={plans}
      what="plans"
      columns={COLUMNS}
      rowKey={(p) => p.id}
      empty={<EmptyState title="No plans yet">Create the first plan below: its monthly fee, included tokens, limits and the price of each kind of token.</EmptyState>}
    />
  );
}
