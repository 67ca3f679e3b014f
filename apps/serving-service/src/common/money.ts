/** An amount of money as billing keeps it: integer minor units of an ISO 4217 currency. */
export type MoneyAmount = { amountMinor: number; currency: string };

/**
 * Minor units as an amount in their currency, with the currency's own decimals (Intl knows them: EUR 2, JPY 0,
 * KWD 3): 4000 EUR → "40.00 EUR". Split in integers, so no amount up to 2^53 minor units is rounded.
 */
export function formatMinorUnits(amountMinor: number, currency: string): string {
  const decimals = new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const scale = 10n ** BigInt(decimals);
  const minor = BigInt(amountMinor);
  const fraction = decimals > 0 ? `.${(minor % scale).toString().padStart(decimals, '0')}` : '';
  return `${(minor / scale).toLocaleString('en-US')}${fraction} ${currency}`;
}
