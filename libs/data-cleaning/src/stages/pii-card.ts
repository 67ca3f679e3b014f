import { passesLuhn } from './checksums';

/**
 * Issuer prefixes (IIN ranges) and the lengths each network issues, from the networks' published ranges: Visa,
 * Mastercard (51–55 and 2221–2720), American Express, Discover, JCB, Diners Club, UnionPay, Maestro (its rare 12–15
 * digit numbers left out: they collide with EAN-13 and UPC barcodes). A Luhn-valid number outside them (an ISBN-13
 * starts 978/979, most ids start anywhere) is not a card.
 */
const NETWORKS: { prefix: (digits: string) => boolean; lengths: number[] }[] = [
  // Visa's 13-digit numbers are long retired; an EAN-13 barcode starting 4 would pass as one a tenth of the time.
  { prefix: (d) => d.startsWith('4'), lengths: [16, 19] },
  { prefix: (d) => between(d, 2, 51, 55) || between(d, 4, 2221, 2720), lengths: [16] },
  { prefix: (d) => between(d, 2, 34, 34) || between(d, 2, 37, 37), lengths: [15] },
  { prefix: (d) => d.startsWith('6011') || d.startsWith('65') || between(d, 3, 644, 649), lengths: [16, 17, 18, 19] },
  { prefix: (d) => between(d, 4, 3528, 3589), lengths: [16, 17, 18, 19] },
  { prefix: (d) => between(d, 3, 300, 305) || d.startsWith('36') || d.startsWith('38') || d.startsWith('39'), lengths: [14, 15, 16, 17, 18, 19] },
  { prefix: (d) => d.startsWith('62'), lengths: [16, 17, 18, 19] },
  { prefix: (d) => d.startsWith('50') || between(d, 2, 56, 58) || d.startsWith('6304') || d.startsWith('6759') || between(d, 4, 6761, 6763), lengths: [16, 17, 18, 19] },
];

/**
 * Digit groups as cards are printed: none, fours (the last group shorter for 13 and 19 digits), or 4-6-4 / 4-6-5
 * (Diners, American Express). A hyphenated ISBN (978-3-16-148410-0) or a phone's groups are none of these.
 */
const PRINTED_GROUPS = /^(?:\d{12,19}|\d{4}([ -])\d{4}\1\d{4}(?:\1\d{1,4})?(?:\1\d{3})?|\d{4}([ -])\d{6}\2\d{4,5})$/;

/** A card number: printed as cards are, with a network's prefix and length, and a valid Luhn check digit. */
export function isCardNumber(candidate: string): boolean {
  if (!PRINTED_GROUPS.test(candidate)) return false;
  const digits = candidate.replace(/[ -]/g, '');
  return NETWORKS.some((network) => network.prefix(digits) && network.lengths.includes(digits.length)) && passesLuhn(digits);
}

function between(digits: string, prefixLength: number, low: number, high: number): boolean {
  const prefix = Number(digits.slice(0, prefixLength));
  return prefix >= low && prefix <= high;
}
