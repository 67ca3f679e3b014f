import { useMemo, useState } from 'react';
import { tenantBillingApi } from '../api/billing';
import { budgetsApi } from '../api/budgets';
import { ErrorMessage } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
import { isWholeNumber, useSubmit } from '../components/form-state';
import { isMoney, minorOf } from '../components/format';
import { useResource } from '../components/use-resource';
import { useTenantSession } from '../session/session';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const utcDay = (day: string) => new Date(`${day}T00:00:00Z`).toISOString();

/**
 * A budget in tokens or in the plan's currency (typed as a decimal amount, sent as minor units): monthly or one
 * custom window of days, soft (alerts only) or hard (requests refused), with alert thresholds.
 */
export function CreateBudgetForm({ onCreated }: { onCreated: () => void }) {
  const { token } = useTenantSession();
  const api = useMemo(() => budgetsApi(token), [token]);
  // The plan's currency is what a budget in money counts in; without a plan, only tokens can be budgeted.
  const subscription = useResource(() => tenantBillingApi(token).subscription(), [token]);
  const currency = subscription.data?.plan.currency;
  const [name, setName] = useState('');
  const [unit, setUnit] = useState<'tokens' | 'money'>('tokens');
  const [limit, setLimit] = useState('');
  const inMoney = unit === 'money' && currency !== undefined;
  const limitField = inMoney ? 'limitMinor' : 'limitTokens';
  const [windowKind, setWindowKind] = useState<'monthly' | 'custom'>('monthly');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [mode, setMode] = useState<'soft' | 'hard'>('soft');
  const [thresholds, setThresholds] = useState('50, 80, 100');
  const percentages = thresholds.split(',').map((t) => t.trim()).filter(Boolean);
  const form = useSubmit(
    () => ({
      name: name.trim() ? undefined : 'Name the budget, such as “production keys”',
      [limitField]: inMoney
        ? isMoney(limit) && BigInt(minorOf(limit)) > 0n
          ? undefined
          : `Enter an amount in ${currency} with at most two decimals, like 250 or 49.90`
        : isWholeNumber(limit) && BigInt(limit.trim()) > 0n
          ? undefined
          : 'Enter a whole number of tokens, at least 1',
      'window.start': windowKind === 'custom' && !DAY.test(start) ? 'Choose the first day of the window' : undefined,
      'window.end': windowKind === 'custom' && (!DAY.test(end) || end <= start) ? 'Choose a day after the first day' : undefined,
      thresholds:
        percentages.length >= 1 && percentages.length <= 10 && percentages.every((p) => /^\d+$/.test(p) && Number(p) >= 1 && Number(p) <= 1000)
          ? undefined
          : 'Enter one to ten percentages from 1 to 1,000, separated by commas',
    }),
    () =>
      api.create({
        name: name.trim(),
        ...(inMoney ? { limitMinor: minorOf(limit) } : { limitTokens: limit.trim() }),
        window: windowKind === 'monthly' ? 'monthly' : { start: utcDay(start), end: utcDay(end) },
        mode,
        thresholds: percentages.map(Number),
      }),
    () => {
      setName('');
      setLimit('');
      onCreated();
    },
  );
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <div className="form-row">
        <TextField label="Budget name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} error={form.problem('name')} />
        <SelectField label="Limit in" value={unit} onChange={(e) => setUnit(e.target.value as 'tokens' | 'money')} hint={subscription.error ? 'Budgets in money need a plan: ask your admin.' : undefined}>
          <option value="tokens">tokens</option>
          {currency && <option value="money">{currency} (the plan’s currency)</option>}
        </SelectField>
        <TextField
          label={inMoney ? `Limit (${currency})` : 'Token limit'}
          inputMode={inMoney ? 'decimal' : 'numeric'}
          value={limit}
          maxLength={16}
          onChange={(e) => setLimit(e.target.value)}
          error={form.problem(limitField)}
        />
        <SelectField label="Mode" value={mode} onChange={(e) => setMode(e.target.value as 'soft' | 'hard')}>
          <option value="soft">soft: alerts only</option>
          <option value="hard">hard: refuse requests past the limit</option>
        </SelectField>
        <TextField
          label="Alert thresholds (%)"
          value={thresholds}
          maxLength={60}
          onChange={(e) => setThresholds(e.target.value)}
          error={form.problem('thresholds')}
          hint="Each sends budget.threshold_reached once per window."
        />
      </div>
      <div className="form-row">
        <SelectField label="Window" value={windowKind} onChange={(e) => setWindowKind(e.target.value as 'monthly' | 'custom')}>
          <option value="monthly">each calendar month (UTC)</option>
          <option value="custom">one custom window</option>
        </SelectField>
        {windowKind === 'custom' && (
          <>
            <TextField label="Window starts on" type="date" value={start} onChange={(e) => setStart(e.target.value)} error={form.problem('window.start')} />
            <TextField label="Window ends on" type="date" value={end} onChange={(e) => setEnd(e.target.value)} error={form.problem('window.end')} hint="At most 366 days after the start." />
          </>
        )}
      </div>
      <button type="submit" className="primary" disabled={form.busy}>
        Create budget
      </button>
      <ErrorMessage error={form.formError()} />
    </form>
  );
}
