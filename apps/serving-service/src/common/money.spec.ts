import { formatMinorUnits } from './money';

describe('formatMinorUnits', () => {
  it('places the decimal point by the currency’s own exponent', () => {
    expect(formatMinorUnits(4_000, 'EUR')).toBe('40.00 EUR');
    expect(formatMinorUnits(40, 'USD')).toBe('0.40 USD');
    expect(formatMinorUnits(5, 'USD')).toBe('0.05 USD');
    expect(formatMinorUnits(4_000, 'JPY')).toBe('4,000 JPY');
    expect(formatMinorUnits(4_000, 'KWD')).toBe('4.000 KWD');
  });

  it('keeps every digit of the largest amount a budget may have', () => {
    expect(formatMinorUnits(Number.MAX_SAFE_INTEGER, 'USD')).toBe('90,071,992,547,409.91 USD');
  });
});
