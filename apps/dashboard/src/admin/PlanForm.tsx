import { useState } from 'react';
import { METERS, Meter, Plan, PlanTerms } from '../api/billing';
import { ErrorMessage } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
import { isWholeNumber, Problems, useSubmit } from '../components/form-state';
import { isMoney, minorOf } from '../components/format';

type TierDraft = { upToTokens: string; unitPricePer1kMinor: string };
export type PlanDraft = {
  code: string;
  name: string;
  currency: string;
  monthlyFee: string;
  includedTokens: string;
  requestsPerMinute: string;
  tokensPerMinute: string;
  schedulingWeight: string;
  maxConcurrentSequences: string;
  quotaMode: 'hard' | 'soft';
  prices: Record<Meter, TierDraft[]>;
  /** Not edited here, but carried: a new version sent without them would reset them to billing's defaults. */
  kept: Pick<Plan, 'prepaid' | 'batchDiscountPercent'>;
};

export const EMPTY_PLAN: PlanDraft = {
  code: '',
  name: '',
  currency: 'USD',
  monthlyFee: '',
  includedTokens: '',
  requestsPerMinute: '600',
  tokensPerMinute: '1000000',
  schedulingWeight: '1',
  maxConcurrentSequences: '64',
  quotaMode: 'hard',
  kept: { prepaid: false, batchDiscountPercent: 50 },
  prices: { prompt: [{ upToTokens: '', unitPricePer1kMinor: '' }], completion: [{ upToTokens: '', unitPricePer1kMinor: '' }], training: [{ upToTokens: '', unitPricePer1kMinor: '' }] },
};

/** A stored plan's terms as the form edits them (the fee in major units, the way people type money). */
export function draftOf(plan: Plan): PlanDraft {
  const fee = BigInt(plan.monthlyFeeMinor);
  return {
    code: plan.code,
    name: plan.name,
    currency: plan.currency,
    monthlyFee: `${fee / 100n}.${(fee % 100n).toString().padStart(2, '0')}`,
    includedTokens: plan.includedTokens,
    requestsPerMinute: String(plan.requestsPerMinute),
    tokensPerMinute: String(plan.tokensPerMinute),
    schedulingWeight: String(plan.schedulingWeight),
    maxConcurrentSequences: String(plan.maxConcurrentSequences),
    quotaMode: plan.quotaMode,
    kept: { prepaid: plan.prepaid, batchDiscountPercent: plan.batchDiscountPercent },
    prices: Object.fromEntries(
      METERS.map((m) => [m, plan.prices[m].map((t) => ({ upToTokens: t.upToTokens ?? '', unitPricePer1kMinor: t.unitPricePer1kMinor }))]),
    ) as PlanDraft['prices'],
  };
}


function validate(draft: PlanDraft, withCode: boolean): Problems {
  const problems: Problems = {};
  if (withCode && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(draft.code)) problems.code = 'Use lowercase letters, digits and dashes, like team-pro';
  if (!draft.name.trim()) problems.name = 'Enter the plan’s name as customers see it';
  if (!/^[A-Z]{3}$/.test(draft.currency)) problems.currency = 'Use a three-letter ISO 4217 code like USD';
  if (!isMoney(draft.monthlyFee)) problems.monthlyFeeMinor = 'Enter an amount like 49 or 49.90';
  if (!isWholeNumber(draft.includedTokens)) problems.includedTokens = 'Enter a whole number of tokens (0 for none)';
  if (!/^[1-9]\d*$/.test(draft.requestsPerMinute)) problems.requestsPerMinute = 'Enter a whole number above 0';
  if (!/^[1-9]\d*$/.test(draft.tokensPerMinute)) problems.tokensPerMinute = 'Enter a whole number above 0';
  if (!/^[1-9]\d*$/.test(draft.schedulingWeight) || Number(draft.schedulingWeight) > 1000) problems.schedulingWeight = 'Enter a whole number from 1 to 1,000';
  if (!/^[1-9]\d*$/.test(draft.maxConcurrentSequences) || Number(draft.maxConcurrentSequences) > 4096) {
    problems.maxConcurrentSequences = 'Enter a whole number from 1 to 4,096';
  }
  for (const meter of METERS) {
    const tiers = draft.prices[meter];
    let previous = 0n;
    tiers.forEach((tier, i) => {
      const last = i === tiers.length - 1;
      const at = `prices.${meter}.${i}`;
      if (!isWholeNumber(tier.unitPricePer1kMinor)) problems[`${at}.unitPricePer1kMinor`] = 'Enter a price in minor units (cents) per 1,000 tokens';
      if (last && tier.upToTokens.trim()) problems[`${at}.upToTokens`] = 'The last tier has no upper bound: leave it empty';
      if (!last) {
        if (!isWholeNumber(tier.upToTokens)) problems[`${at}.upToTokens`] = 'Enter the tier’s upper bound in tokens';
        else if (BigInt(tier.upToTokens) <= previous) problems[`${at}.upToTokens`] = 'Each bound must be above the one before (and above 0)';
        else previous = BigInt(tier.upToTokens);
      }
    });
  }
  return problems;
}

function termsOf(draft: PlanDraft): PlanTerms {
  return {
    name: draft.name.trim(),
    currency: draft.currency,
    monthlyFeeMinor: minorOf(draft.monthlyFee),
    includedTokens: draft.includedTokens.trim(),
    requestsPerMinute: Number(draft.requestsPerMinute),
    tokensPerMinute: Number(draft.tokensPerMinute),
    schedulingWeight: Number(draft.schedulingWeight),
    maxConcurrentSequences: Number(draft.maxConcurrentSequences),
    quotaMode: draft.quotaMode,
    ...draft.kept,
    prices: Object.fromEntries(
      METERS.map((m) => [m, draft.prices[m].map((t) => ({ upToTokens: t.upToTokens.trim() || null, unitPricePer1kMinor: t.unitPricePer1kMinor.trim() }))]),
    ) as PlanTerms['prices'],
  };
}

type Props<T> = { initial: PlanDraft; withCode: boolean; submitLabel: string; save: (terms: PlanTerms & { code: string }) => Promise<T>; onSaved: (result: T) => void };

/** Creating a plan and editing one (saved as its next version) share this form. */
export function PlanForm<T>({ initial, withCode, submitLabel, save, onSaved }: Props<T>) {
  const [draft, setDraft] = useState<PlanDraft>(initial);
  const set = <K extends keyof PlanDraft>(key: K, value: PlanDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setTier = (meter: Meter, index: number, field: keyof TierDraft, value: string) =>
    setDraft((d) => ({ ...d, prices: { ...d.prices, [meter]: d.prices[meter].map((t, i) => (i === index ? { ...t, [field]: value } : t)) } }));
  const addTier = (meter: Meter) =>
    setDraft((d) => ({ ...d, prices: { ...d.prices, [meter]: [...d.prices[meter], { upToTokens: '', unitPricePer1kMinor: '' }] } }));
  const removeTier = (meter: Meter, index: number) =>
    setDraft((d) => ({ ...d, prices: { ...d.prices, [meter]: d.prices[meter].filter((_, i) => i !== index) } }));
  const form = useSubmit(() => validate(draft, withCode), () => save({ ...termsOf(draft), code: draft.code }), onSaved);

  return (
    <form onSubmit={form.onSubmit} noValidate>
      <div className="form-row">
        {withCode && (
          <TextField label="Code" value={draft.code} onChange={(e) => set('code', e.target.value)} error={form.problem('code')} hint="Stays the same across versions." />
        )}
        <TextField label="Plan name" value={draft.name} onChange={(e) => set('name', e.target.value)} error={form.problem('name')} />
        <TextField label="Currency" value={draft.currency} maxLength={3} onChange={(e) => set('currency', e.target.value.toUpperCase())} error={form.problem('currency')} />
        <TextField
          label="Monthly fee"
          inputMode="decimal"
          value={draft.monthlyFee}
          onChange={(e) => set('monthlyFee', e.target.value)}
          error={form.problem('monthlyFeeMinor')}
          hint="In the currency, e.g. 49.90"
        />
      </div>
      <div className="form-row">
        <TextField
          label="Included tokens per month"
          inputMode="numeric"
          value={draft.includedTokens}
          onChange={(e) => set('includedTokens', e.target.value)}
          error={form.problem('includedTokens')}
        />
        <TextField
          label="Requests per minute"
          inputMode="numeric"
          value={draft.requestsPerMinute}
          onChange={(e) => set('requestsPerMinute', e.target.value)}
          error={form.problem('requestsPerMinute')}
        />
        <TextField
          label="Tokens per minute"
          inputMode="numeric"
          value={draft.tokensPerMinute}
          onChange={(e) => set('tokensPerMinute', e.target.value)}
          error={form.problem('tokensPerMinute')}
        />
        <TextField
          label="Serving weight (share of a busy model, relative to other tenants)"
          inputMode="numeric"
          value={draft.schedulingWeight}
          onChange={(e) => set('schedulingWeight', e.target.value)}
          error={form.problem('schedulingWeight')}
        />
        <TextField
          label="Concurrent sequences per model"
          inputMode="numeric"
          value={draft.maxConcurrentSequences}
          onChange={(e) => set('maxConcurrentSequences', e.target.value)}
          error={form.problem('maxConcurrentSequences')}
        />
        <SelectField label="When included tokens run out" value={draft.quotaMode} onChange={(e) => set('quotaMode', e.target.value as 'hard' | 'soft')}>
          <option value="hard">Stop serving (hard quota)</option>
          <option value="soft">Keep serving and alert (soft quota)</option>
        </SelectField>
      </div>
      {METERS.map((meter) => (
        <fieldset key={meter}>
          <legend>{meter[0].toUpperCase() + meter.slice(1)} tokens: graduated price tiers</legend>
          {draft.prices[meter].map((tier, i) => {
            const last = i === draft.prices[meter].length - 1;
            return (
              <div className="form-row" key={i}>
                <TextField
                  label={`${meter} tier ${i + 1}: up to tokens`}
                  inputMode="numeric"
                  value={tier.upToTokens}
                  disabled={last}
                  placeholder={last ? 'no limit (last tier)' : ''}
                  onChange={(e) => setTier(meter, i, 'upToTokens', e.target.value)}
                  error={form.problem(`prices.${meter}.${i}.upToTokens`)}
                />
                <TextField
                  label={`${meter} tier ${i + 1}: price per 1,000 tokens (minor units)`}
                  inputMode="numeric"
                  value={tier.unitPricePer1kMinor}
                  onChange={(e) => setTier(meter, i, 'unitPricePer1kMinor', e.target.value)}
                  error={form.problem(`prices.${meter}.${i}.unitPricePer1kMinor`)}
                />
                {draft.prices[meter].length > 1 && (
                  <div className="actions">
                    <button type="button" onClick={() => removeTier(meter, i)} aria-label={`Remove ${meter} tier ${i + 1}`}>
                      Remove tier
                    </button>
                  </div>
                )}
              </div>
            );
          })}
          {/* The added tier becomes the unbounded last one; the one before it now needs a bound. */}
          <button type="button" onClick={() => addTier(meter)}>
            Add a {meter} tier
          </button>
        </fieldset>
      ))}
      <ErrorMessage error={form.formError()} />
      <button type="submit" className="primary" disabled={form.busy}>
        {submitLabel}
      </button>
    </form>
  );
}
