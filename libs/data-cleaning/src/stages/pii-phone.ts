import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Countries whose national formats (without the country code) are recognised: written nationally, a number only
 * makes sense to its country's readers, so each is checked against every one of these. International numbers (`+` or
 * `00` and a country code) are recognised for every country libphonenumber knows.
 */
export const NATIONAL_PHONE_COUNTRIES: CountryCode[] = [
  'US', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL', 'BE', 'CH', 'AT', 'SE', 'NO', 'DK', 'FI', 'PL', 'CZ', 'PT', 'IE',
  'RU', 'UA', 'TR', 'IN', 'CN', 'JP', 'KR', 'AU', 'BR', 'MX', 'ZA',
];

/**
 * A phone-number candidate: an optional international prefix (`+` or `00` and a country code), an optional area code
 * in parentheses (`(0)` too, as in `+49 (0)30`, or after a trunk digit, as in `8 (912)`), then digit groups joined by single spaces, dots or hyphens, or one
 * run of 7–15 digits after a `+`. Never inside a word, a longer number, a path or a decimal.
 */
export const PHONE_CANDIDATE =
  /(?<![\w+\-/.,#])(?:\+\d{7,15}|(?:(?:\+|00)\d{1,3}[ .-]?)?(?:(?:\d ?)?\(\d{1,5}\)[ .-]?)?\d{1,6}(?:[ .-]\d{1,8}){1,6})(?![\w]|[.,/:-]\d)/g;

const NANP_SHAPE = /^(?:\+?1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}$/;
/** Year first (2024-05-06, 2024.5.6) or day or month first (06.05.2024, 5/6/24), one separator throughout. */
const DATE_SHAPE = /^(?:(?:19|20)\d\d([./-])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|[12]\d|3[01])([./-])(?:0?[1-9]|[12]\d|3[01])\2(?:\d\d|(?:19|20)\d\d))$/;
const DECIMAL = /^\d+\.\d+$|^\d+\.\d+ \d+\.\d+$/;
/**
 * Words that say a number nearby is a phone number, in the languages of {@link NATIONAL_PHONE_COUNTRIES}: nouns and
 * the verbs for calling (`appelez le`, `llame al`, `chiamami`, `ligue`, `anrufen`, `zadzwoń`), which is how prose
 * most often introduces a number written without its trunk prefix.
 */
const PHONE_WORDS =
  /\b(?:tel|tél|phone|call|fax|mobile|cell|ring|sms|whatsapp|contact|telefon|telefoon|téléphone|teléfono|telefono|telefone|numéro|nummer|handy|portable|móvil|celular|cellulare|puhelin|tlf|mob|ph|appel\w*|llam[ae]\w*|chiam\w*|lig(?:ue|ar)|anruf\w*|ruf|zadzwo\w*|zavolej\w*)\b|телефон|тел\.|電話|电话|手机|전화|☎|📞/iu;
/**
 * `version 8.23.67`, `Version 10.0.19045`, `v2.1.3`, `версии 8.1.2`, `เวอร์ชัน 2.4.1`: dotted groups after these are a
 * release, whatever phone word is near; Korean, Chinese and Japanese name the version after the number
 * (`13.19.187 버전`, `2.4.1 版本`, `2.4.1 バージョン`).
 */
const AFTER_VERSION_WORD = /(?:\bversion|\bversão|\bversión|\bv|верси[яиюей]|เวอร์ชัน)\s?$/iu;
const BEFORE_VERSION_WORD = /^\s?(?:버전|版本|バージョン)/u;
const CONTEXT_BEFORE = 64;
const CONTEXT_AFTER = 32;

/**
 * A candidate is a phone number when libphonenumber's full metadata says so. Internationally (`+` or `00` and a
 * country code): valid for its country. Nationally, valid for one of {@link NATIONAL_PHONE_COUNTRIES} and written in
 * that country's own grouping (`formatNational`'s groups, any of space, dot or hyphen between them), and then also:
 * an area code in parentheses, or the trunk prefix 0 that national numbers of most countries start with, or three or
 * more groups joined by hyphens (`131-2345-3474`; counts are never written so), or a phone word (`tel`, `Telefon`,
 * `電話`…) within a few words. Without one, a nationally written number of a country with no trunk prefix
 * (`741 521 452`, `912.349.942`) is indistinguishable from a grouped count, and is left alone.
 * Dates, decimals, ISSNs and ISBNs (their check digits valid) never are phones.
 */
export function isPhoneNumber(candidate: string, offset: number, text: string): boolean {
  const digits = candidate.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15 || DATE_SHAPE.test(candidate) || DECIMAL.test(candidate)) return false;
  if (candidate.startsWith('+') || candidate.startsWith('00')) {
    const international = candidate.startsWith('00') ? `+${candidate.slice(2)}` : candidate;
    return parsePhoneNumberFromString(international.replace('(0)', ''))?.isValid() ?? false;
  }
  if (
    isIssn(candidate) ||
    isIsbn10(candidate) ||
    isIsbn13(candidate) ||
    AFTER_VERSION_WORD.test(text.slice(Math.max(0, offset - 16), offset)) ||
    BEFORE_VERSION_WORD.test(text.slice(offset + candidate.length, offset + candidate.length + 8))
  )
    return false;
  const phoneWordNear = () => PHONE_WORDS.test(text.slice(Math.max(0, offset - CONTEXT_BEFORE), offset + candidate.length + CONTEXT_AFTER));
  if (NANP_SHAPE.test(candidate) && (candidate.includes('(') || phoneWordNear())) return true;
  const groups = groupLengths(candidate);
  if (groups.length < 2) return false;
  const marked = candidate.includes('(') || candidate.startsWith('0') || (groups.length >= 3 && /^[\d-]+$/.test(candidate));
  // The cheap conditions first: most grouped numbers in prose have neither, and then no metadata is consulted.
  if (!marked && !phoneWordNear()) return false;
  return NATIONAL_PHONE_COUNTRIES.some((country) => {
    const parsed = parsePhoneNumberFromString(candidate, country);
    return parsed !== undefined && parsed.isValid() && sameGroups(groups, groupLengths(parsed.formatNational()));
  });
}

function groupLengths(formatted: string): number[] {
  return formatted.split(/[^\d]+/).filter(Boolean).map((group) => group.length);
}

function sameGroups(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((length, i) => length === b[i]);
}

/** ISSN (ISO 3297): `dddd-dddC`, weights 8..2, check digit mod 11 (X for 10). */
function isIssn(candidate: string): boolean {
  if (!/^\d{4}-\d{3}[\dX]$/.test(candidate)) return false;
  const digits = candidate.replace('-', '');
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (8 - i) * Number(digits[i]);
  const check = (11 - (sum % 11)) % 11;
  return digits[7] === (check === 10 ? 'X' : String(check));
}

/** ISBN-10 written in four hyphenated or spaced groups, weights 10..1 summing to a multiple of 11. */
function isIsbn10(candidate: string): boolean {
  const groups = candidate.split(/[ -]/);
  const digits = groups.join('');
  if (groups.length !== 4 || groups[3].length !== 1 || !/^\d{9}[\dX]$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (10 - i) * (digits[i] === 'X' ? 10 : Number(digits[i]));
  return sum % 11 === 0;
}

/** ISBN-13 (an EAN-13 starting 978 or 979) in any grouping: weights 1 and 3, sum a multiple of 10. */
function isIsbn13(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, '');
  if (!/^97[89]\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
  return sum % 10 === 0;
}
