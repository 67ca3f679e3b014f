import { PiiCounts, PiiType } from '../decision';
import { isCardNumber } from './pii-card';
import { passesIbanCheck } from './checksums';
import { hasRegisteredIbanLength } from './iban-lengths';
import { IPV6_CANDIDATE, ipv6Address, IPV6_REQUIRES } from './pii-ipv6';
import { isPhoneNumber, PHONE_CANDIDATE } from './pii-phone';

export const PII_PLACEHOLDERS: Record<PiiType, string> = {
  email: '<EMAIL>',
  phone: '<PHONE>',
  ipv4: '<IPV4>',
  ipv6: '<IPV6>',
  card: '<CARD_NUMBER>',
  iban: '<IBAN>',
  secret: '<SECRET>',
  private_key: '<PRIVATE_KEY>',
};

/**
 * A pattern finds candidates; `accept` keeps the real ones, or `locate` names where in a candidate the value is,
 * [start, end) (the rest, such as a label or a sentence's full stop, stays in the text). `requires`: something every
 * match contains, far cheaper to look for than the pattern; a text without it is not scanned by the pattern at all.
 */
type Detector = {
  type: PiiType;
  pattern: RegExp;
  requires?: string | RegExp;
  accept?: (match: string, offset: number, text: string) => boolean;
  locate?: (match: string) => [number, number] | null;
};

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

/**
 * Applied in this order after private keys ({@link redactPrivateKeys}), each on the text the previous ones left: the
 * most specific shapes go first so that, say, the digits inside a private key or an IBAN are not also counted as a card
 * or phone number.
 */
const DETECTORS: Detector[] = [
  {
    type: 'secret',
    pattern: new RegExp(
      [
        '\\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}', // OpenAI-style
        '\\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}', // Stripe
        '\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b', // AWS access key id
        '\\bgh[pousr]_[A-Za-z0-9]{36,}', // GitHub tokens
        '\\bgithub_pat_[A-Za-z0-9_]{22,}',
        '\\bxox[abprs]-[A-Za-z0-9-]{10,}', // Slack
        '\\bAIza[0-9A-Za-z_-]{35}', // Google API key
        // JWT. Starts only where a run of segment characters starts: with `\\b`, every `-eyJ` inside one long run would
        // start a scan to the run's end (quadratic).
        '(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}',
        '\\blsk_[A-Za-z0-9_-]{16,}',
      ].join('|'),
      'g',
    ),
  },
  {
    // Only the value after a key-like name, so the name itself stays readable. The spaces around the separator are
    // bounded: an unbounded `\s*` in the lookbehind rescans a whole run of whitespace at each of its positions.
    type: 'secret',
    pattern: /(?<=\b(?:api[_-]?key|secret|access[_-]?token|auth[_-]?token|password|passwd)\s{0,8}[:=]\s{0,8}["']?)[A-Za-z0-9_\-/+=.]{12,}/gi,
    // The lookbehind is tried at every position of every word; the names it looks for are rare in prose.
    requires: /api[_-]?key|secret|access[_-]?token|auth[_-]?token|password|passwd/i,
    accept: (value) => /\d/.test(value) && /[A-Za-z]/.test(value),
  },
  {
    // RFC 5321's lengths (local part ≤ 64, label ≤ 63) and at most ten labels: an unbounded local part made every
    // position of a long run of address characters scan to the run's end looking for an `@` (quadratic).
    type: 'email',
    pattern: /\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g,
    requires: '@',
  },
  {
    type: 'iban',
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g,
    locate: ibanWithin,
  },
  { type: 'card', pattern: /(?<![\w-])\d(?:[ -]?\d){11,18}(?![\w-]|[.,]\d)/g, accept: isCardNumber },
  { type: 'ipv6', pattern: IPV6_CANDIDATE, requires: IPV6_REQUIRES, locate: ipv6Address },
  // Not after `v` or `version`: a four-part version number looks exactly like an address.
  { type: 'ipv4', pattern: new RegExp(`(?<![\\d.]|\\bv|version )${OCTET}(?:\\.${OCTET}){3}(?![\\d]|\\.\\d)`, 'gi') },
  { type: 'phone', pattern: PHONE_CANDIDATE, accept: isPhoneNumber },
];

/**
 * The IBAN in a candidate: the whole, or without its short last group, which may be the next word when that word is
 * one to three capitals or digits (`… 8870 2259 E dopo`).
 */
function ibanWithin(candidate: string): [number, number] | null {
  if (isIban(candidate)) return [0, candidate.length];
  const shorter = candidate.replace(/ [A-Z0-9]{1,3}$/, '');
  return shorter !== candidate && isIban(shorter) ? [0, shorter.length] : null;
}

/** The registry's length for its country and a valid mod-97: a cut-off reference passes the check one time in 97. */
function isIban(candidate: string): boolean {
  return hasRegisteredIbanLength(candidate) && passesIbanCheck(candidate);
}

const PRIVATE_KEY_BEGIN = /-----BEGIN (?:[A-Z0-9]{1,16} ){0,4}PRIVATE KEY-----/g;
const PRIVATE_KEY_END = /-----END (?:[A-Z0-9]{1,16} ){0,4}PRIVATE KEY-----/g;

/**
 * PEM private key blocks, from a BEGIN line to the first END line after it, found by scanning forward only: the regex
 * `BEGIN[\s\S]*?END` rescans the rest of the document from every BEGIN that has no END (quadratic), and once one BEGIN
 * has no END after it, no later one has either.
 */
function redactPrivateKeys(text: string): { text: string; count: number } {
  let result = '';
  let copiedUpTo = 0;
  let count = 0;
  PRIVATE_KEY_BEGIN.lastIndex = 0;
  for (let begin = PRIVATE_KEY_BEGIN.exec(text); begin; begin = PRIVATE_KEY_BEGIN.exec(text)) {
    PRIVATE_KEY_END.lastIndex = PRIVATE_KEY_BEGIN.lastIndex;
    const end = PRIVATE_KEY_END.exec(text);
    if (!end) break;
    result += text.slice(copiedUpTo, begin.index) + PII_PLACEHOLDERS.private_key;
    copiedUpTo = PRIVATE_KEY_BEGIN.lastIndex = PRIVATE_KEY_END.lastIndex;
    count++;
  }
  return count === 0 ? { text, count } : { text: result + text.slice(copiedUpTo), count };
}

export type Redaction = { text: string; counts: PiiCounts; total: number };

/**
 * Replaces every detected PII value by its typed placeholder and counts them per type. Every pattern is linear in the
 * text (bounded quantifiers where a match could start anywhere in a long run; see the adversarial spec), so the cost
 * grows with the document, never with its square.
 */
export function redactPii(text: string): Redaction {
  const counts: PiiCounts = {};
  const keys = redactPrivateKeys(text);
  if (keys.count > 0) counts.private_key = keys.count;
  let total = keys.count;
  let current = keys.text;
  for (const { type, pattern, requires, accept, locate } of DETECTORS) {
    if (requires !== undefined && !(typeof requires === 'string' ? current.includes(requires) : requires.test(current))) continue;
    current = current.replace(pattern, (match: string, ...rest: unknown[]) => {
      if (accept && !accept(match, rest[rest.length - 2] as number, rest[rest.length - 1] as string)) return match;
      const [start, end] = locate ? (locate(match) ?? [-1, -1]) : [0, match.length];
      if (start < 0) return match;
      counts[type] = (counts[type] ?? 0) + 1;
      total++;
      return match.slice(0, start) + PII_PLACEHOLDERS[type] + match.slice(end);
    });
  }
  return { text: current, counts, total };
}
