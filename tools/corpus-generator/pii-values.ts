import { PiiType } from '@llmchain/data-cleaning';
import { SeededRandom } from './random';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const BASE64 = `${ALNUM}+/`;

/** A realistic value of each PII type, in the shapes people write them (with valid checksums where they have one). */
export const PII_VALUE_GENERATORS: Record<PiiType, (random: SeededRandom) => string> = {
  email: (r) =>
    `${r.pick(['anna', 'li.wei', 'j.smith', 'maria_g', 'dev+news', 'o.brien'])}${r.digits(2)}@${r.pick(['example', 'mail', 'corp-intra', 'uni'])}.${r.pick(['com', 'org', 'de', 'co.uk', 'io'])}`,
  phone: (r) =>
    r.pick([
      () => `+1 ${r.int(201, 989)} ${r.int(200, 999)} ${r.digits(4)}`,
      () => `+44 20 ${r.int(7000, 8999)} ${r.digits(4)}`,
      () => `+49 30 ${r.digits(8)}`,
      () => `(${r.int(201, 989)}) ${r.int(200, 999)}-${r.digits(4)}`,
      () => `${r.int(201, 989)}-${r.int(200, 999)}-${r.digits(4)}`,
      () => `+33 1 ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
    ])(),
  ipv4: (r) => `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
  ipv6: (r) => {
    const group = () => r.chars(r.int(1, 4), HEX).replace(/^0+(?=.)/, '');
    return r.chance(0.5)
      ? Array.from({ length: 8 }, group).join(':')
      : `2001:db8:${group()}::${group()}:${group()}`;
  },
  card: (r) => {
    const prefix = r.pick(['4', '51', '55', '37', '6011']);
    const length = prefix === '37' ? 15 : 16;
    const body = prefix + r.digits(length - prefix.length - 1);
    const digits = body + luhnCheckDigit(body);
    if (length === 15) return `${digits.slice(0, 4)} ${digits.slice(4, 10)} ${digits.slice(10)}`;
    return r.chance(0.5) ? digits : digits.replace(/(\d{4})(?=\d)/g, '$1 ');
  },
  iban: (r) => {
    const [country, bban] = r.pick([
      () => ['DE', r.digits(18)],
      () => ['GB', `${r.chars(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${r.digits(14)}`],
      () => ['FR', r.digits(23)],
      () => ['NL', `${r.chars(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${r.digits(10)}`],
    ])();
    const iban = `${country}${ibanCheckDigits(country, bban)}${bban}`;
    return r.chance(0.5) ? iban : iban.replace(/(.{4})(?=.)/g, '$1 ');
  },
  secret: (r) =>
    r.pick([
      () => `sk-${r.chars(40, ALNUM)}`,
      () => `AKIA${r.chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
      () => `ghp_${r.chars(36, ALNUM)}`,
      () => `sk_live_${r.chars(24, ALNUM)}`,
      () => `xoxb-${r.digits(12)}-${r.chars(24, ALNUM)}`,
    ])(),
  private_key: (r) => {
    const kind = r.pick(['RSA ', 'EC ', 'OPENSSH ', '']);
    const body = Array.from({ length: r.int(3, 6) }, () => r.chars(64, BASE64)).join('\n');
    return `-----BEGIN ${kind}PRIVATE KEY-----\n${body}\n-----END ${kind}PRIVATE KEY-----`;
  },
};

/** How a planted value sits in prose, so the detector sees it in context the way it would in real text. */
export const PII_SENTENCES: Record<PiiType, (value: string) => string> = {
  email: (v) => `Contact: ${v}.`,
  phone: (v) => `Phone ${v} (office).`,
  ipv4: (v) => `Server ${v} answered.`,
  ipv6: (v) => `Host ${v} answered.`,
  card: (v) => `Card ${v} was charged.`,
  iban: (v) => `IBAN ${v} for transfers.`,
  secret: (v) => `Token ${v} leaked.`,
  private_key: (v) => `Key:\n${v}\nEnd of key.`,
};

function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

function ibanCheckDigits(country: string, bban: string): string {
  const numeric = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of numeric) remainder = (remainder * 10 + Number(digit)) % 97;
  return String(98 - remainder).padStart(2, '0');
}

