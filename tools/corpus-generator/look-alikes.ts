import { SeededRandom } from './random';

/** A value that looks like PII but is not, in the kind of sentence it appears in. */
export type LookAlike = { kind: string; text: string };

const HEX = '0123456789abcdef';

/**
 * Look-alikes of the PII types, each valid by its own specification: ISBN-10 and ISBN-13 (check digits of ISO 2108),
 * ISSN (ISO 3297), EAN-13 product codes, order and invoice numbers, version strings, dates and times, coordinates,
 * hashes and UUIDs, grouped and decimal numbers. A PII detector must leave every one of them alone.
 */
export const LOOK_ALIKES: Record<string, (random: SeededRandom) => string> = {
  isbn10_hyphens: (r) => `ISBN ${hyphenateIsbn10(isbn10(r))}`,
  isbn10_plain: (r) => `the book (${isbn10(r)}) is out of print`,
  isbn13_hyphens: (r) => {
    const isbn = isbn13(r);
    return `ISBN-13: ${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4, 7)}-${isbn.slice(7, 12)}-${isbn.slice(12)}`;
  },
  isbn13_plain: (r) => `cited as ${isbn13(r)} in the catalogue`,
  isbn13_spaces: (r) => {
    const isbn = isbn13(r);
    return `ISBN ${isbn.slice(0, 3)} ${isbn.slice(3, 5)} ${isbn.slice(5, 9)} ${isbn.slice(9, 12)} ${isbn.slice(12)}`;
  },
  issn: (r) => `the journal (ISSN ${issn(r)}) publishes quarterly`,
  issn_bare: (r) => `print edition ${issn(r)}, online edition ${issn(r)}`,
  ean13: (r) => `barcode ${ean13(r, r.pick(['400', '500', '590', '871', '301']))} on the box`,
  order_number: (r) =>
    r.pick([
      () => `Order #${r.int(100000, 999999999)} shipped`,
      () => `order ORD-${r.int(2019, 2026)}-${r.digits(6)} was refunded`,
      () => `PO ${r.pick(['45', '46'])}${r.digits(8)} approved`,
      () => `invoice ${r.int(2019, 2026)}/${r.digits(5)} is due`,
      () => `ticket ${r.digits(4)}-${r.digits(4)}-${r.digits(4)} closed`,
      () => `tracking 1Z${r.chars(6, 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789')}${r.digits(10)} in transit`,
    ])(),
  version: (r) =>
    r.pick([
      () => `upgraded to v${r.int(1, 30)}.${r.int(0, 40)}.${r.int(0, 20)}`,
      () => `version ${r.int(1, 12)}.${r.int(0, 9)}.${r.int(0, 9)}.${r.int(0, 255)} is installed`,
      () => `build ${r.int(10, 11)}.0.${r.int(10000, 26000)}.${r.int(1, 4000)} rolled out`,
      () => `node ${r.int(14, 24)}.${r.int(0, 20)}.${r.int(0, 9)}-rc.${r.int(1, 5)} and python 3.${r.int(8, 13)}.${r.int(0, 9)}`,
      () => `Chrome/${r.int(100, 140)}.0.${r.int(1000, 7000)}.${r.int(10, 300)} on Windows NT 10.0`,
    ])(),
  date: (r) => {
    const [y, m, d] = [r.int(1990, 2030), r.int(1, 12), r.int(1, 28)];
    const p = (n: number) => String(n).padStart(2, '0');
    return r.pick([
      () => `on ${y}-${p(m)}-${p(d)}`,
      () => `am ${p(d)}.${p(m)}.${y}`,
      () => `due ${m}/${d}/${y}`,
      () => `le ${p(d)}/${p(m)}/${y}`,
      () => `at ${y}-${p(m)}-${p(d)}T${p(r.int(0, 23))}:${p(r.int(0, 59))}:${p(r.int(0, 59))}Z`,
      () => `from ${y}.${p(m)}.${p(d)} ${p(r.int(0, 23))}:${p(r.int(0, 59))}`,
      () => `${p(d)}-${p(m)}-${y} ${p(r.int(0, 23))}:${p(r.int(0, 59))}:${p(r.int(0, 59))}`,
    ])();
  },
  time: (r) => `the train leaves at ${r.int(0, 23)}:${String(r.int(0, 59)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')} sharp`,
  coordinates: (r) =>
    r.pick([
      () => `located at ${r.pick(['', '-'])}${r.int(0, 89)}.${r.digits(6)}, ${r.pick(['', '-'])}${r.int(0, 179)}.${r.digits(6)}`,
      () => `GPS ${r.int(0, 89)}.${r.digits(4)} ${r.pick(['', '-'])}${r.int(0, 179)}.${r.digits(4)}`,
      () => `${r.int(0, 89)}°${r.int(0, 59)}′${r.int(0, 59)}″N ${r.int(0, 179)}°${r.int(0, 59)}′${r.int(0, 59)}″W`,
      () => `lat=${r.int(0, 89)}.${r.digits(5)}&lon=${r.int(0, 179)}.${r.digits(5)}`,
    ])(),
  hash: (r) =>
    r.pick([
      () => `md5 ${r.chars(32, HEX)}`,
      () => `sha1 ${r.chars(40, HEX)}`,
      () => `sha256:${r.chars(64, HEX)}`,
      () => `commit ${r.chars(7, HEX)} fixed it`,
      () => `uuid ${r.chars(8, HEX)}-${r.chars(4, HEX)}-4${r.chars(3, HEX)}-a${r.chars(3, HEX)}-${r.chars(12, HEX)}`,
      () => `digest ${r.chars(16, '0123456789')}${r.chars(16, HEX)}`,
    ])(),
  numbers: (r) =>
    r.pick([
      () => `population ${r.int(1, 999)},${r.digits(3)},${r.digits(3)}`,
      () => `population ${r.int(1, 999)} ${r.digits(3)} ${r.digits(3)}`,
      () => `costs €${r.int(1, 999)}.${r.digits(3)},${r.digits(2)}`,
      () => `measured ${r.int(1, 99)}.${r.digits(2)} x ${r.int(1, 99)}.${r.digits(2)} cm`,
      () => `pages ${r.int(100, 499)}-${r.int(500, 999)}`,
      () => `ratio 1:${r.int(2, 99)}:${r.int(2, 99)}`,
      () => `score ${r.int(0, 99)}-${r.int(0, 99)}`,
    ])(),
};

export function lookAlikeCorpus(count: number, seed = 11): LookAlike[] {
  const random = new SeededRandom(seed);
  const kinds = Object.keys(LOOK_ALIKES);
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length];
    return { kind, text: `${random.pick(['Note:', 'As recorded,', 'See'])} ${LOOK_ALIKES[kind](random)}.` };
  });
}

function isbn10(random: SeededRandom): string {
  const body = random.digits(9);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (10 - i) * Number(body[i]);
  const check = (11 - (sum % 11)) % 11;
  return body + (check === 10 ? 'X' : String(check));
}

function hyphenateIsbn10(isbn: string): string {
  return `${isbn.slice(0, 1)}-${isbn.slice(1, 4)}-${isbn.slice(4, 9)}-${isbn.slice(9)}`;
}

function isbn13(random: SeededRandom): string {
  return ean13(random, random.pick(['978', '979']));
}

/** EAN-13 / GTIN check digit: weights 1 and 3 from the left. */
function ean13(random: SeededRandom, prefix: string): string {
  const body = prefix + random.digits(12 - prefix.length);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return body + String((10 - (sum % 10)) % 10);
}

function issn(random: SeededRandom): string {
  const body = random.digits(7);
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (8 - i) * Number(body[i]);
  const check = (11 - (sum % 11)) % 11;
  return `${body.slice(0, 4)}-${body.slice(4)}${check === 10 ? 'X' : check}`;
}
