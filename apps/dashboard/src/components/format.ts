/** Integers the billing API sends as digit strings (tokens, minor units) stay exact: BigInt, never floating point. */
export const formatInteger = (value: string | number | bigint | null | undefined) =>
  value === null || value === undefined ? '—' : BigInt(value).toLocaleString('en-US');

/** Minor units as an amount in the currency (two decimals, as every currency here uses). */
export function formatMoney(minor: string | number | bigint, currency: string): string {
  const value = BigInt(minor);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const major = (abs / 100n).toLocaleString('en-US');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${major}.${cents} ${currency}`;
}

/** An amount typed as major units with at most two decimals ("49", "49.90"). */
export const isMoney = (value: string) => /^\d+(\.\d{1,2})?$/.test(value.trim());
/** A typed amount (checked with isMoney) as minor units, exactly. */
export function minorOf(money: string): string {
  const [major, cents = ''] = money.trim().split('.');
  return (BigInt(major) * 100n + BigInt(cents.padEnd(2, '0') || '0')).toString();
}

export const formatDate = (iso: string | null | undefined) => (iso ? new Date(iso).toISOString().slice(0, 10) : '—');
export const formatDateTime = (iso: string | null | undefined) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export const currentPeriod = (now = new Date()) => now.toISOString().slice(0, 7);

export function previousPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

export const shortId = (id: string) => id.slice(0, 8);

/** OpenAI-shaped APIs (evals) give times as Unix seconds. */
export const formatUnixTime = (seconds: number | null | undefined) => formatDateTime(typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : null);
