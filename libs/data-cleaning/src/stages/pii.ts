import { isIPv6 } from 'node:net';
import { PiiCounts, PiiType } from '../decision';
import { passesIbanCheck, passesLuhn } from './checksums';

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

type Detector = { type: PiiType; pattern: RegExp; accept?: (match: string) => boolean };

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

/**
 * Applied in this order, each on the text the previous ones left: the most specific shapes go first so that, say, the
 * digits inside a private key or an IBAN are not also counted as a card or phone number.
 */
const DETECTORS: Detector[] = [
  {
    type: 'private_key',
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----/g,
  },
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
        '\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}', // JWT
        '\\blsk_[A-Za-z0-9_-]{16,}',
      ].join('|'),
      'g',
    ),
  },
  {
    // Only the value after a key-like name, so the name itself stays readable.
    type: 'secret',
    pattern: /(?<=\b(?:api[_-]?key|secret|access[_-]?token|auth[_-]?token|password|passwd)\s*[:=]\s*["']?)[A-Za-z0-9_\-/+=.]{12,}/gi,
    accept: (value) => /\d/.test(value) && /[A-Za-z]/.test(value),
  },
  { type: 'email', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g },
  {
    type: 'iban',
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g,
    accept: passesIbanCheck,
  },
  {
    type: 'card',
    pattern: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g,
    accept: (match) => {
      const digits = match.replace(/[ -]/g, '');
      return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits);
    },
  },
  {
    type: 'ipv6',
    pattern: /(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,7}|[0-9A-Fa-f]{1,4})(?![\w:])/g,
    accept: (match) => isIPv6(match) && match.length > 2,
  },
  { type: 'ipv4', pattern: new RegExp(`(?<![\\d.])${OCTET}(?:\\.${OCTET}){3}(?![\\d]|\\.\\d)`, 'g') },
  {
    type: 'phone',
    pattern: /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{1,5}(?:[ .-]\d{2,8}){1,5}(?![\w])/g,
    accept: isPhoneShaped,
  },
];

/**
 * A phone number needs 8 to 15 digits (E.164) and a phone-like shape: an international prefix, an area code in
 * parentheses, or the North American 3-3-4 grouping. Plain number runs such as dates or counts do not qualify.
 */
function isPhoneShaped(match: string): boolean {
  const digits = match.replace(/\D/g, '').length;
  if (digits < 8 || digits > 15) return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(match)) return false;
  return match.startsWith('+') || match.includes('(') || /^\d{3}[ .-]\d{3}[ .-]\d{4}$/.test(match);
}

export type Redaction = { text: string; counts: PiiCounts; total: number };

/** Replaces every detected PII value by its typed placeholder and counts them per type. */
export function redactPii(text: string): Redaction {
  const counts: PiiCounts = {};
  let total = 0;
  let current = text;
  for (const { type, pattern, accept } of DETECTORS) {
    current = current.replace(pattern, (match) => {
      if (accept && !accept(match)) return match;
      counts[type] = (counts[type] ?? 0) + 1;
      total++;
      return PII_PLACEHOLDERS[type];
    });
  }
  return { text: current, counts, total };
}
