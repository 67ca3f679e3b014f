import { useState } from 'react';
import { ErrorMessage } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
import { isWholeNumber, useSubmit } from '../components/form-state';
import { isMoney, minorOf } from '../components/format';
import { useCreditsApi } from './use-credits-api';

/** An admin's grant: tokens, or an amount in the currency of the tenant's plan (billing picks the currency). */
export function GrantCreditsForm({ tenantId, onGranted }: { tenantId: string; onGranted: () => void }) {
  const api = useCreditsApi(tenantId);
  const [unit, setUnit] = useState<'tokens' | 'money'>('tokens');
  const [amount, setAmount] = useState('');
  const [priority, setPriority] = useState('0');
  const [expiresOn, setExpiresOn] = useState('');
  const [reason, setReason] = useState('');
  const amountField = unit === 'tokens' ? 'tokens' : 'amountMinor';
  const form = useSubmit(
    () => ({
      [amountField]:
        unit === 'tokens'
          ? !isWholeNumber(amount) || BigInt(amount.trim()) === 0n ? 'Enter a whole number of tokens, at least 1' : undefined
          : !isMoney(amount) || minorOf(amount) === '0' ? 'Enter an amount like 25 or 25.50, above 0' : undefined,
      priority: isWholeNumber(priority) && Number(priority) <= 1000 ? undefined : 'Enter a whole number from 0 to 1,000',
      expiresAt: expiresOn && new Date(`${expiresOn}T00:00:00Z`) <= new Date() ? 'Choose a day after today, or leave it empty' : undefined,
      reason: reason.trim() ? undefined : 'Say why the credits are given, for the record',
    }),
    () =>
      api.grant({
        ...(unit === 'tokens' ? { tokens: amount.trim() } : { amountMinor: minorOf(amount) }),
        priority: Number(priority),
        expiresAt: expiresOn ? new Date(`${expiresOn}T00:00:00Z`).toISOString() : null,
        reason: reason.trim(),
      }),
    () => {
      setAmount('');
      setReason('');
      onGranted();
    },
  );
  return (
    <form onSubmit={form.onSubmit} noValidate aria-label="Grant credits">
      <div className="form-row">
        <SelectField label="Grant in" value={unit} onChange={(e) => setUnit(e.target.value as 'tokens' | 'money')}>
          <option value="tokens">tokens</option>
          <option value="money">the plan’s currency</option>
        </SelectField>
        <TextField
          label={unit === 'tokens' ? 'Tokens to grant' : 'Amount to grant'}
          inputMode={unit === 'tokens' ? 'numeric' : 'decimal'}
          value={amount}
          maxLength={20}
          onChange={(e) => setAmount(e.target.value)}
          error={form.problem(amountField)}
          hint={unit === 'money' ? 'In the currency of the tenant’s plan in force, such as 25.50.' : undefined}
        />
        <TextField label="Priority" inputMode="numeric" value={priority} maxLength={4} onChange={(e) => setPriority(e.target.value)} error={form.problem('priority')} hint="Lower numbers are drawn first." />
        <TextField label="Credits expire on (optional)" type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} error={form.problem('expiresAt')} />
      </div>
      <TextField label="Reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} error={form.problem('reason')} />
      <button type="submit" className="primary" disabled={form.busy}>
        Grant credits
      </button>
      <ErrorMessage error={form.formError()} />
    </form>
  );
}
