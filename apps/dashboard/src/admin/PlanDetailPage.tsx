import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Meter, METERS, Plan } from '../api/billing';
import { Column, DataTable } from '../components/data-table';
import { ErrorMessage, Loaded } from '../components/feedback';
import { formatDate, formatInteger, formatMoney } from '../components/format';
import { useResource } from '../components/use-resource';
import { draftOf, PlanForm } from './PlanForm';
import { useAdminApi } from './use-admin-api';

const priceColumns = (plan: Plan): Column<Meter>[] => [
  { header: 'Meter', rowHeader: true, cell: (m) => m },
  {
    header: 'Tiers',
    cell: (m) =>
      plan.prices[m].map((t) => `${t.upToTokens ? `up to ${formatInteger(t.upToTokens)}` : 'beyond'}: ${formatInteger(t.unitPricePer1kMinor)}`).join(' · '),
  },
];

export function PlanDetailPage() {
  const { planId = '' } = useParams();
  const api = useAdminApi();
  const plan = useResource(() => api.plan(planId), [api, planId]);
  return (
    <>
      <p>
        <Link to="/plans">← All plans</Link>
      </p>
      <Loaded resource={plan} what="the plan">
        {(p) => <PlanDetail plan={p} onChange={plan.reload} />}
      </Loaded>
    </>
  );
}

function PlanDetail({ plan, onChange }: { plan: Plan; onChange: () => void }) {
  const api = useAdminApi();
  const navigate = useNavigate();
  const [retireError, setRetireError] = useState<unknown>(null);
  const retire = async () => {
    if (!window.confirm(`Retire ${plan.name} v${plan.version}? Tenants on it stay on it; no new subscriptions can choose it.`)) return;
    setRetireError(null);
    try {
      await api.retirePlan(plan.id);
      onChange();
    } catch (error) {
      setRetireError(error);
    }
  };
  return (
    <>
      <h1>
        {plan.name} <span className="muted">v{plan.version}</span>
      </h1>
      <section className="card" aria-labelledby="terms-heading">
        <h2 id="terms-heading">Terms</h2>
        <dl className="details">
          <dt>Code</dt>
          <dd className="mono">{plan.code}</dd>
          <dt>Monthly fee</dt>
          <dd>{formatMoney(plan.monthlyFeeMinor, plan.currency)}</dd>
          <dt>Included tokens</dt>
          <dd>{formatInteger(plan.includedTokens)} a month</dd>
          <dt>Limits</dt>
          <dd>
            {formatInteger(plan.requestsPerMinute)} requests and {formatInteger(plan.tokensPerMinute)} tokens per minute
          </dd>
          <dt>Serving</dt>
          <dd>
            weight {formatInteger(plan.schedulingWeight)} in a busy model&apos;s fair queue, up to {formatInteger(plan.maxConcurrentSequences)} concurrent
            sequences per model
          </dd>
          <dt>Quota</dt>
          <dd>{plan.quotaMode === 'hard' ? 'serving stops when included tokens run out' : 'serving continues and an alert goes out'}</dd>
          <dt>Status</dt>
          <dd>{plan.retiredAt ? `retired on ${formatDate(plan.retiredAt)}` : 'on offer'}</dd>
        </dl>
        <h3>Prices per 1,000 tokens (minor units)</h3>
        <DataTable columns={priceColumns(plan)} rows={[...METERS]} rowKey={(m) => m} />
        {!plan.retiredAt && (
          <div className="actions">
            <button type="button" className="danger" onClick={() => void retire()}>
              Retire this version
            </button>
          </div>
        )}
        <ErrorMessage error={retireError} />
      </section>
      <section className="card" aria-labelledby="version-heading">
        <h2 id="version-heading">Edit as a new version</h2>
        <p className="muted">Saving creates version {plan.version + 1} of {plan.code}; tenants on this version keep their terms until moved.</p>
        <PlanForm
          key={plan.id}
          initial={draftOf(plan)}
          withCode={false}
          submitLabel={`Save as version ${plan.version + 1}`}
          save={(terms) => api.addPlanVersion(plan.code, terms)}
          onSaved={(next) => navigate(`/plans/${next.id}`)}
        />
      </section>
    </>
  );
}
