import { getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import { NATIONAL_PHONE_COUNTRIES } from './pii-phone';
import { redactPii } from './pii';

/**
 * Recall on nationally written numbers (no `+`, and for many countries no trunk prefix) per country, with the
 * context cue prose gives them. The numbers come from libphonenumber's example number of each country with its last
 * four digits varied, kept only when the metadata calls the result valid, so they span the country's real ranges
 * rather than one fixed example.
 */
const CUES = ['Call me on {n} tonight.', 'Mein Handy: {n}, ab 18 Uhr.', 'Appelez le {n} demain.', 'Llame al teléfono {n} por la mañana.', 'Tel. {n}', 'WhatsApp {n} for details.'];
const PER_COUNTRY = 40;

function nationalNumbers(country: (typeof NATIONAL_PHONE_COUNTRIES)[number]): string[] {
  const example = getExampleNumber(country, examples)!.nationalNumber;
  const numbers: string[] = [];
  for (let k = 0; numbers.length < PER_COUNTRY && k < 10_000; k += 251) {
    const varied = example.slice(0, -4) + String((Number(example.slice(-4)) + k) % 10_000).padStart(4, '0');
    const parsed = parsePhoneNumberFromString(varied, country);
    if (parsed?.isValid()) numbers.push(parsed.formatNational());
  }
  return numbers;
}

describe('national phone numbers with a context cue', () => {
  it.each(NATIONAL_PHONE_COUNTRIES)('finds %s numbers written nationally', (country) => {
    const numbers = nationalNumbers(country);
    expect(numbers.length).toBeGreaterThanOrEqual(20);
    const missed = numbers.flatMap((n, i) => {
      const text = CUES[i % CUES.length].replace('{n}', n);
      return redactPii(text).counts.phone === 1 ? [] : [text];
    });
    expect(missed).toEqual([]);
  });
});
