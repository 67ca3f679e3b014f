import { PiiType } from '@llmchain/data-cleaning';
import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/examples.mobile.json';
import { SeededRandom } from './random';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BASE64 = `${ALNUM}+/`;

/** One planted value and the form it is written in (scored separately, so a weak form shows). */
export type PiiValue = { value: string; form: string };
type FormGenerator = (random: SeededRandom) => PiiValue;

/**
 * Every textual form of each PII type that its specification allows, drawn at random: RFC 5952 and RFC 4291 forms of
 * IPv6, E.164 / international / national phone formats of 30 countries (numbers drawn from libphonenumber's metadata
 * and formatted by it), card numbers of each network's IIN ranges and lengths in each printed grouping, IBANs of
 * ten countries (ISO 13616 check digits), e-mail addresses with sub-domains, tags and upper case.
 */
export const PII_FORMS: Record<PiiType, FormGenerator[]> = {
  email: [
    (r) => ({ form: 'plain', value: `${r.pick(['anna', 'li.wei', 'j.smith', 'maria_g', 'o.brien'])}${r.digits(2)}@${r.pick(['example', 'mail', 'uni'])}.${r.pick(['com', 'org', 'de', 'io'])}` }),
    (r) => ({ form: 'subdomain', value: `${r.pick(['ops', 'k.tanaka', 'support'])}@${r.pick(['eu', 'mail', 'dept-7'])}.${r.pick(['corp-intra', 'example'])}.co.uk` }),
    (r) => ({ form: 'tagged', value: `${r.pick(['dev', 'shop', 'anna'])}+${r.pick(['news', 'orders', 'x1'])}@example.${r.pick(['com', 'net'])}` }),
    (r) => ({ form: 'upper_case', value: `${r.pick(['J.DOE', 'Info', 'SALES'])}${r.digits(1)}@${r.pick(['Example', 'ACME-Corp'])}.${r.pick(['COM', 'Org'])}` }),
    (r) => ({ form: 'long_tld', value: `${r.pick(['hello', 'team'])}${r.digits(3)}@${r.pick(['studio', 'labs'])}.${r.pick(['technology', 'photography', 'museum'])}` }),
  ],
  phone: [
    (r) => phoneForm(r, 'international', (p) => p.formatInternational()),
    (r) => phoneForm(r, 'national', (p) => p.formatNational()),
    (r) => phoneForm(r, 'e164', (p) => p.number),
    (r) => phoneForm(r, 'international_00', (p) => p.formatInternational().replace('+', '00')),
    (r) => phoneForm(r, 'national_dotted', (p) => p.formatNational().replace(/ /g, '.'), ['FR', 'BE', 'CH', 'IT', 'ES', 'PT']),
    (r) => phoneForm(r, 'national_hyphens', (p) => p.formatNational().replace(/[ ()]+/g, '-').replace(/^-|-$/g, ''), ['US', 'JP', 'KR', 'CN', 'MX', 'BR', 'CA']),
  ],
  ipv4: [(r) => ({ form: 'dotted_quad', value: `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}` })],
  ipv6: [
    (r) => ({ form: 'rfc5952_compressed', value: rfc5952(ipv6Groups(r, r.int(1, 5), r.int(2, 5))) }),
    (r) => ({ form: 'leading_double_colon', value: rfc5952(ipv6Groups(r, 0, r.int(2, 7))) }),
    (r) => ({ form: 'trailing_double_colon', value: rfc5952(ipv6Groups(r, r.int(2, 6), 8)).replace(/::.*$/, '::') }),
    (r) => ({ form: 'full', value: ipv6Groups(r).map((g) => g.toString(16)).join(':') }),
    (r) => ({ form: 'full_leading_zeros', value: ipv6Groups(r).map((g) => g.toString(16).padStart(4, '0')).join(':') }),
    (r) => ({ form: 'upper_case', value: rfc5952(ipv6Groups(r, r.int(1, 5), r.int(2, 4))).toUpperCase() }),
    (r) => ({ form: 'one_group_compressed', value: oneGroupCompressed(r) }),
    (r) => ({ form: 'ipv4_mapped', value: `::ffff:${ipv4(r)}` }),
    (r) => ({ form: 'ipv4_embedded', value: `${r.pick(['64:ff9b::', '2001:db8::', '2001:db8:0:0:0:0:'])}${ipv4(r)}` }),
    (r) => ({ form: 'link_local_zone', value: `fe80::${r.int(1, 0xffff).toString(16)}:${r.int(1, 0xffff).toString(16)}%${r.pick(['eth0', 'en1', 'wlan0', '3'])}` }),
  ],
  card: [
    (r) => cardForm(r, 'visa_16_spaces', '4', 16, 'fours', ' '),
    (r) => cardForm(r, 'visa_16_plain', '4', 16, 'none'),
    (r) => cardForm(r, 'mastercard_hyphens', r.pick(['51', '53', '55', '2221', '2720', '23']), 16, 'fours', '-'),
    (r) => cardForm(r, 'amex_4_6_5', r.pick(['34', '37']), 15, 'amex', ' '),
    (r) => cardForm(r, 'amex_plain', r.pick(['34', '37']), 15, 'none'),
    (r) => cardForm(r, 'discover', r.pick(['6011', '65', '644']), 16, 'fours', ' '),
    (r) => cardForm(r, 'jcb', `35${r.int(28, 89)}`, 16, 'fours', r.pick([' ', '-', ''])),
    (r) => cardForm(r, 'diners_4_6_4', r.pick(['300', '305', '36', '38']), 14, 'amex', ' '),
    (r) => cardForm(r, 'unionpay_19', '62', 19, 'fours', ' '),
  ],
  iban: [(r) => ibanForm(r, true), (r) => ibanForm(r, false)],
  secret: [
    (r) => ({ form: 'openai', value: `sk-${r.chars(40, ALNUM)}` }),
    (r) => ({ form: 'aws_key_id', value: `AKIA${r.chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}` }),
    (r) => ({ form: 'github', value: `ghp_${r.chars(36, ALNUM)}` }),
    (r) => ({ form: 'stripe', value: `sk_live_${r.chars(24, ALNUM)}` }),
    (r) => ({ form: 'slack', value: `xoxb-${r.digits(12)}-${r.chars(24, ALNUM)}` }),
  ],
  private_key: [
    (r) => {
      const kind = r.pick(['RSA ', 'EC ', 'OPENSSH ', '']);
      const body = Array.from({ length: r.int(3, 6) }, () => r.chars(64, BASE64)).join('\n');
      return { form: `pem_${kind.trim().toLowerCase() || 'pkcs8'}`, value: `-----BEGIN ${kind}PRIVATE KEY-----\n${body}\n-----END ${kind}PRIVATE KEY-----` };
    },
  ],
};

export const PHONE_COUNTRIES: CountryCode[] = [
  'US', 'CA', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL', 'BE', 'CH', 'AT', 'SE', 'NO', 'DK', 'FI', 'PL', 'CZ', 'PT', 'IE',
  'RU', 'UA', 'TR', 'IN', 'CN', 'JP', 'KR', 'AU', 'BR', 'MX', 'ZA',
];

/** How a value sits in text: prose around it, brackets, quotes, JSON, a table, a URL, right after a label's colon. */
const CONTEXTS: ((value: string, type: PiiType) => string)[] = [
  (v, t) => `${LABELS[t]}: ${v}.`,
  (v, t) => `Please use the ${LABELS[t].toLowerCase()} on file (${v}) for anything urgent.`,
  (v, t) => `The ${LABELS[t].toLowerCase()} "${v}" was copied from the old form.`,
  (v, t) => `{"${LABELS[t].toLowerCase()}": "${v}", "verified": true}`,
  (v, t) => `| ${LABELS[t]} | ${v} |`,
  (v, t) => `${LABELS[t]}:${v}`,
  (v, t) => `${v}, as noted in the ${LABELS[t].toLowerCase()} field, is still current.`,
  (v) => `${v}\nwas the last entry we received.`,
];
const TYPE_CONTEXTS: Partial<Record<PiiType, ((value: string) => string)[]>> = {
  email: [(v) => `Write to Support <${v}> for help.`, (v) => `The footer links to mailto:${v} now.`],
  ipv4: [(v) => `The dashboard lives at http://${v}:8080/status today.`],
  ipv6: [
    (v) => (v.includes('%') ? `ping ${v} -c 3 answered.` : `It listens on [${v}]:443 for probes.`),
    (v) => (v.includes('%') ? `ssh admin@${v} failed.` : `Health checks call http://[${v}]:8080/health every minute.`),
  ],
  phone: [(v) => (/^\+\d+$/.test(v) ? `Reach us at tel:${v} any time.` : `Reach us at ${v} any time.`)],
};
const LABELS: Record<PiiType, string> = {
  email: 'Contact',
  phone: 'Phone',
  ipv4: 'Server',
  ipv6: 'Host',
  card: 'Card',
  iban: 'IBAN',
  secret: 'Token',
  private_key: 'Key',
};

/** A planted value in one of its forms and one of its contexts; the text holds `value` verbatim, once. */
export function plantPii(random: SeededRandom, type: PiiType): PiiValue & { text: string } {
  const planted = random.pick(PII_FORMS[type])(random);
  if (type === 'private_key') return { ...planted, text: `Key:\n${planted.value}\nEnd of key.` };
  const contexts = [...CONTEXTS.map((c) => (v: string) => c(v, type)), ...(TYPE_CONTEXTS[type] ?? [])];
  return { ...planted, text: random.pick(contexts)(planted.value) };
}

function phoneForm(random: SeededRandom, form: string, format: (p: NonNullable<ReturnType<typeof parsePhoneNumberFromString>>) => string, countries = PHONE_COUNTRIES): PiiValue {
  const country = random.pick(countries);
  const example = (mobileExamples as Record<string, string>)[country];
  for (let attempt = 0; attempt < 50; attempt++) {
    const national = example.slice(0, -4) + random.digits(4);
    const parsed = parsePhoneNumberFromString(national, country);
    if (parsed?.isValid()) return { form: `${form}_${country}`, value: format(parsed) };
  }
  return { form: `${form}_${country}`, value: format(parsePhoneNumberFromString(example, country)!) };
}

function ipv4(random: SeededRandom): string {
  return `${random.int(1, 223)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
}

/** Eight 16-bit groups, short ones often (as addresses are), zeros over [zeroStart, zeroEnd). */
function ipv6Groups(random: SeededRandom, zeroStart = 8, zeroEnd = 8): number[] {
  return Array.from({ length: 8 }, (_, i) =>
    i >= zeroStart && i < zeroEnd ? 0 : i === 0 ? random.pick([0x2001, 0xfe80, 0xfd00, 0x2a02, 0x2600]) : random.int(1, random.pick([0xf, 0xff, 0xfff, 0xffff])),
  );
}

/** RFC 5952: lower case, no leading zeros, the longest run (≥ 2) of zero groups as `::`, the first one on a tie. */
function rfc5952(groups: number[]): string {
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

/** RFC 4291 also allows `::` for a single zero group (RFC 5952 advises against it; people still write it). */
function oneGroupCompressed(random: SeededRandom): string {
  const groups = ipv6Groups(random).map((g) => g.toString(16));
  const at = random.int(1, 6);
  return `${groups.slice(0, at).join(':')}::${groups.slice(at + 1).join(':')}`;
}

function cardForm(random: SeededRandom, form: string, prefix: string, length: number, grouping: 'fours' | 'amex' | 'none', separator = ''): PiiValue {
  const body = prefix + random.digits(length - prefix.length - 1);
  const digits = body + luhnCheckDigit(body);
  const value =
    grouping === 'none'
      ? digits
      : grouping === 'amex'
        ? [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(separator)
        : (digits.match(/.{1,4}/g) ?? []).join(separator);
  return { form, value };
}

const IBAN_FORMATS: [string, (r: SeededRandom) => string][] = [
  ['DE', (r) => r.digits(18)],
  ['GB', (r) => `${r.chars(4, UPPER)}${r.digits(14)}`],
  ['FR', (r) => r.digits(23)],
  ['NL', (r) => `${r.chars(4, UPPER)}${r.digits(10)}`],
  ['ES', (r) => r.digits(20)],
  ['IT', (r) => `${r.chars(1, UPPER)}${r.digits(22)}`],
  ['CH', (r) => r.digits(17)],
  ['BE', (r) => r.digits(12)],
  ['PL', (r) => r.digits(24)],
  ['SE', (r) => r.digits(20)],
];

function ibanForm(random: SeededRandom, grouped: boolean): PiiValue {
  const [country, bban] = random.pick(IBAN_FORMATS);
  const digits = bban(random);
  const iban = `${country}${ibanCheckDigits(country, digits)}${digits}`;
  return { form: `${grouped ? 'grouped' : 'compact'}_${country}`, value: grouped ? iban.replace(/(.{4})(?=.)/g, '$1 ') : iban };
}

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
