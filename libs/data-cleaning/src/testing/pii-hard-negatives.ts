import { getExampleNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import { mulberry32 } from '../seeded-random';

/**
 * Natural prose in several languages full of numbers that look like cards, phones, IBANs or IP addresses but are not
 * (ISBNs, ISSNs, order and invoice numbers, version strings, dates, coordinates, hashes, tracking numbers, prices),
 * with true PII planted in the same sentences. Every value is computed here from its specification (ISBN/ISSN check
 * digits, Luhn, ISO 13616 mod-97, libphonenumber's example numbers), never with the detector's own helpers, so the
 * test measures the detector against the standards rather than against itself.
 */

export type PlantedPii = { type: 'card' | 'iban' | 'email' | 'phone'; value: string };
export type ProseDocument = { language: string; text: string; lookAlikes: string[]; planted: PlantedPii[] };

type Random = () => number;

const digitsOf = (random: Random, count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** ISO 2108 ISBN-13: weights 1,3 alternating; check digit brings the sum to a multiple of 10. */
export function isbn13(random: Random): string {
  const body = pick(random, ['978', '979']) + digitsOf(random, 9);
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  const digits = body + ((10 - (sum % 10)) % 10);
  return random() < 0.5 ? digits : `${digits.slice(0, 3)}-${digits[3]}-${digits.slice(4, 7)}-${digits.slice(7, 12)}-${digits[12]}`;
}

/** ISBN-10: weights 10..2 on nine digits, check digit (X for 10) makes the sum ≡ 0 mod 11; printed in four groups. */
export function isbn10(random: Random): string {
  const body = digitsOf(random, 9);
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
  const check = (11 - (sum % 11)) % 11;
  return `${body[0]}-${body.slice(1, 4)}-${body.slice(4, 9)}-${check === 10 ? 'X' : check}`;
}

/** ISO 3297 ISSN: weights 8..2, check digit mod 11 (X for 10). */
export function issn(random: Random): string {
  const body = digitsOf(random, 7);
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (8 - i), 0);
  const check = (11 - (sum % 11)) % 11;
  return `${body.slice(0, 4)}-${body.slice(4)}${check === 10 ? 'X' : check}`;
}

/** The Luhn check digit for a payload (ISO/IEC 7812-1): double every second digit from the right of the full number. */
function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

const inFours = (value: string) => value.replace(/(\w{4})(?=\w)/g, '$1 ');

/** A Visa-shaped 16-digit number whose last digit is one off its Luhn check digit: an order number, not a card. */
export function luhnFailingSixteen(random: Random): string {
  const payload = '4' + digitsOf(random, 14);
  return inFours(payload + ((luhnCheckDigit(payload) + 1 + Math.floor(random() * 9)) % 10));
}

/** A Visa test-range card with a correct Luhn digit. */
export function visaCard(random: Random): string {
  const payload = '4' + digitsOf(random, 14);
  return inFours(payload + luhnCheckDigit(payload));
}

/** ISO 13616 check digits: 98 minus (BBAN + country letters as 10..35 + "00") mod 97. */
function ibanCheckDigits(country: string, bban: string): string {
  const numeric = (bban + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const d of numeric) remainder = (remainder * 10 + Number(d)) % 97;
  return String(98 - remainder).padStart(2, '0');
}

export function germanIban(random: Random): string {
  const bban = digitsOf(random, 18);
  return inFours(`DE${ibanCheckDigits('DE', bban)}${bban}`);
}

/** IBAN-shaped (two letters, two digits, groups of four) with check digits that fail mod-97. */
export function ibanShapedFailing(random: Random): string {
  const bban = digitsOf(random, 18);
  const right = Number(ibanCheckDigits('DE', bban));
  const wrong = String(((right - 2 + 1 + Math.floor(random() * 94)) % 96) + 2).padStart(2, '0');
  return inFours(`DE${wrong}${bban}`);
}

/** Russian OGRN (a company's state registration number, not personal data): 12 digits, check = (body mod 11) mod 10. */
export function ogrn(random: Random): string {
  const body = pick(random, ['1', '5']) + digitsOf(random, 11);
  return body + String(Number(BigInt(body) % 11n) % 10);
}

/**
 * Korean business registration number (사업자등록번호, a company's, not a person's), printed 3-2-5: weights
 * 1,3,7,1,3,7,1,3,5 plus the carry of the ninth digit × 5 / 10; the check digit brings the sum to a multiple of 10.
 */
export function koreanBusinessNumber(random: Random): string {
  const body = digitsOf(random, 9);
  const weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0) + Math.floor((Number(body[8]) * 5) / 10);
  const digits = body + ((10 - (sum % 10)) % 10);
  return `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}

const hex = (random: Random, count: number) => Array.from({ length: count }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');

/** The look-alike generators: each writes a value that is none of the PII types. */
const LOOK_ALIKES: Record<string, (random: Random) => string> = {
  isbn13,
  isbn10,
  issn,
  orderNumber: luhnFailingSixteen,
  ibanShaped: ibanShapedFailing,
  invoiceId: (r) => `INV-${2020 + Math.floor(r() * 6)}-${digitsOf(r, 6)}`,
  version: (r) => `${1 + Math.floor(r() * 20)}.${Math.floor(r() * 40)}.${Math.floor(r() * 200)}`,
  isoDate: (r) => `20${digitsOf(r, 1)}${1 + Math.floor(r() * 9)}-0${1 + Math.floor(r() * 9)}-${10 + Math.floor(r() * 18)}`,
  dottedDate: (r) => `${10 + Math.floor(r() * 18)}.0${1 + Math.floor(r() * 9)}.20${10 + Math.floor(r() * 15)}`,
  coordinates: (r) => `${(r() * 80).toFixed(4)}, ${(r() * 170).toFixed(4)}`,
  commitHash: (r) => hex(r, 40),
  sha256: (r) => hex(r, 64),
  upsTracking: (r) => `1Z${hex(r, 6).toUpperCase()}${digitsOf(r, 10)}`,
  uspsTracking: (r) => `9400 ${digitsOf(r, 4)} ${digitsOf(r, 4)} ${digitsOf(r, 4)} ${digitsOf(r, 4)} ${digitsOf(r, 2)}`,
  priceEuro: (r) => `${1 + Math.floor(r() * 9)} ${digitsOf(r, 3)},${digitsOf(r, 2)} €`,
  priceDollar: (r) => `$${1 + Math.floor(r() * 9)},${digitsOf(r, 3)},${digitsOf(r, 3)}.${digitsOf(r, 2)}`,
  population: (r) => `${1 + Math.floor(r() * 9)} ${digitsOf(r, 3)} ${digitsOf(r, 3)}`,
  ogrn,
  koreanBusinessNumber,
  priceRuble: (r) => `${1 + Math.floor(r() * 9)} ${digitsOf(r, 3)} ${digitsOf(r, 3)} ₽`,
  priceWon: (r) => `${1 + Math.floor(r() * 9)},${digitsOf(r, 3)},${digitsOf(r, 3)}원`,
  priceBaht: (r) => `${1 + Math.floor(r() * 9)},${digitsOf(r, 3)} บาท`,
  buddhistYear: (r) => `พ.ศ. ${2540 + Math.floor(r() * 30)}`,
};

/** Sentences per language; `{x}` takes a look-alike of the named kind. */
const SENTENCES: Record<string, string[]> = {
  en: [
    'The second edition (ISBN {isbn13}) replaced the 1998 printing, whose ISBN was {isbn10}.',
    'Your order {orderNumber} shipped on {isoDate} and should arrive within five working days.',
    'We upgraded the cluster to version {version} after the invoice {invoiceId} was settled.',
    'The survey point sits at {coordinates}, just north of the old quarry.',
    'The fix landed in commit {commitHash} and the release tarball has SHA-256 {sha256}.',
    'Track the parcel with UPS number {upsTracking} or the USPS label {uspsTracking}.',
    'The house sold for {priceDollar}, and the journal (ISSN {issn}) covered the sale.',
    'The city grew to {population} inhabitants by the last census.',
    'Call it luck: the campaign raised {priceDollar} from {population} donors.',
    'Our reference for the transfer is {ibanShaped}; please quote it in any letter.',
  ],
  de: [
    'Die zweite Auflage (ISBN {isbn13}) erschien am {dottedDate} im selben Verlag.',
    'Ihre Bestellung {orderNumber} wurde heute versandt; die Rechnung {invoiceId} liegt bei.',
    'Nach dem Update auf Version {version} lief der Server wieder stabil.',
    'Der Gipfel liegt bei {coordinates} und ist im Sommer gut erreichbar.',
    'Das Haus kostete {priceEuro}, deutlich mehr als im Vorjahr.',
    'Die Zeitschrift mit der ISSN {issn} berichtete über {population} Besucher.',
    'Man ruft die Messe schon jetzt zur größten aus: {population} Besucher, Telefonate inklusive.',
    'Unser Aktenzeichen lautet {ibanShaped}, bitte geben Sie es immer an.',
  ],
  fr: [
    "La nouvelle édition (ISBN {isbn13}) est parue le {dottedDate} chez le même éditeur.",
    'Votre commande {orderNumber} a été expédiée ; la facture {invoiceId} est jointe.',
    "Le sommet se trouve à {coordinates}, à deux heures de marche du refuge.",
    "On l'appelle la ville aux {population} habitants depuis le dernier recensement.",
    "L'appartement a été vendu {priceEuro} après trois mois d'annonce.",
    'Le correctif est dans le commit {commitHash} de la version {version}.',
  ],
  es: [
    'La edición revisada (ISBN {isbn13}) salió el {dottedDate} con un nuevo prólogo.',
    'Su pedido {orderNumber} fue enviado; puede seguirlo con el número {upsTracking}.',
    'La ciudad alcanzó {population} habitantes según el último censo.',
    'La llaman la feria del año: {population} visitantes y {priceEuro} por entrada VIP.',
    'El piso se vendió por {priceEuro} y la revista (ISSN {issn}) lo publicó.',
  ],
  zh: [
    '第二版（ISBN {isbn13}）于 {isoDate} 出版，订单号为 {orderNumber}。',
    '服务器已升级到 {version} 版本，发票编号 {invoiceId} 已结清。',
    '观测点位于 {coordinates}，提交哈希为 {commitHash}。',
  ],
  ja: [
    '改訂版（ISBN {isbn13}）は {isoDate} に発売され、注文番号は {orderNumber} です。',
    '荷物の追跡番号は {upsTracking} で、請求書番号は {invoiceId} です。',
  ],
  th: [
    'หนังสือฉบับพิมพ์ใหม่ (ISBN {isbn13}) วางจำหน่ายเมื่อ {buddhistYear} ในราคา {priceBaht}',
    'คำสั่งซื้อหมายเลข {orderNumber} จัดส่งแล้ววันที่ {isoDate} ติดตามพัสดุได้ด้วยเลข {upsTracking}',
    'เซิร์ฟเวอร์อัปเกรดเป็นเวอร์ชัน {version} หลังชำระใบแจ้งหนี้ {invoiceId} เรียบร้อย',
    'จุดสำรวจอยู่ที่พิกัด {coordinates} ห่างจากตัวเมืองราวสองชั่วโมง',
    'กรุณาโทรหาเราได้ตลอดเวลา อ้างอิงเลขที่ {ibanShaped} ทุกครั้ง',
  ],
  ko: [
    '개정판(ISBN {isbn13})은 {isoDate}에 출간되었으며 주문번호는 {orderNumber}입니다.',
    '회사의 사업자등록번호는 {koreanBusinessNumber}이며 전화 문의도 받습니다.',
    '아파트는 {priceWon}에 팔렸고 잡지(ISSN {issn})가 이를 보도했습니다.',
    '서버를 {version} 버전으로 올린 뒤 커밋 {commitHash}에서 문제가 해결되었습니다.',
    '도시 인구는 지난 조사에서 {population}명에 이르렀습니다.',
  ],
  ru: [
    'Второе издание (ISBN {isbn13}) вышло {dottedDate} в том же издательстве.',
    'Заказ {orderNumber} отправлен; счёт {invoiceId} приложен к письму.',
    'ОГРН компании {ogrn}, звоните в отдел продаж в рабочие часы.',
    'Квартира продана за {priceRuble}, журнал (ISSN {issn}) написал об этом.',
    'Население города достигло {population} человек по последней переписи.',
    'После обновления до версии {version} сервер снова работает стабильно.',
  ],
};

/** A planted true value and how each language introduces it. */
const PLANTED_SENTENCES: Record<string, Record<PlantedPii['type'], string>> = {
  en: { card: 'She paid with the card {card} yesterday.', iban: 'Please transfer the deposit to {iban} by Friday.', email: 'Write to {email} with questions.', phone: 'Call our office on {phone} after nine.' },
  de: { card: 'Bezahlt wurde mit der Karte {card}.', iban: 'Bitte überweisen Sie den Betrag auf {iban}.', email: 'Fragen bitte an {email} senden.', phone: 'Rufen Sie uns unter {phone} an.' },
  fr: { card: 'Elle a payé avec la carte {card}.', iban: 'Merci de virer le montant sur {iban}.', email: 'Écrivez-nous à {email}.', phone: 'Appelez le {phone} après neuf heures.' },
  es: { card: 'Pagó con la tarjeta {card} ayer.', iban: 'Transfiera el depósito a {iban} antes del viernes.', email: 'Escriba a {email} si tiene dudas.', phone: 'Llame al {phone} por la mañana.' },
  zh: { card: '她用银行卡 {card} 付款。', iban: '请汇款至 {iban}。', email: '有问题请发邮件至 {email}。', phone: '请致电 {phone} 联系我们。' },
  ja: { card: 'カード {card} で支払いました。', iban: '{iban} に振り込んでください。', email: 'ご質問は {email} まで。', phone: '{phone} までお電話ください。' },
  th: { card: 'เธอชำระเงินด้วยบัตร {card} เมื่อวานนี้', iban: 'กรุณาโอนเงินมัดจำไปที่ {iban} ภายในวันศุกร์', email: 'ส่งคำถามมาที่ {email} ได้เลย', phone: 'โทรหาสำนักงานที่ {phone} หลังเก้าโมง' },
  ko: { card: '그녀는 어제 카드 {card}로 결제했습니다.', iban: '보증금을 {iban} 계좌로 송금해 주세요.', email: '문의는 {email}로 보내 주세요.', phone: '{phone}로 전화 주세요.' },
  ru: { card: 'Она оплатила картой {card} вчера.', iban: 'Переведите залог на {iban} до пятницы.', email: 'Вопросы присылайте на {email}.', phone: 'Звоните нам по номеру {phone} после девяти.' },
};

const PHONE_COUNTRIES = ['US', 'GB', 'DE', 'FR', 'ES', 'IT', 'JP', 'CN', 'BR', 'IN', 'TH', 'KR', 'RU'] as const;

function plantedValue(random: Random, type: PlantedPii['type']): string {
  if (type === 'card') return visaCard(random);
  if (type === 'iban') return germanIban(random);
  if (type === 'email') return `${pick(random, ['anna', 'li.wei', 'j.muller', 'sofia_r'])}${digitsOf(random, 2)}@${pick(random, ['example.com', 'mail.example.org', 'beispiel.de'])}`;
  return getExampleNumber(pick(random, PHONE_COUNTRIES), examples)!.formatInternational();
}

/**
 * `count` documents of three to five look-alike sentences each; every second one also carries one planted PII value
 * of each type. Deterministic for a seed.
 */
export function generateHardNegativeProse(count: number, seed: number): ProseDocument[] {
  const random = mulberry32(seed);
  const languages = Object.keys(SENTENCES);
  return Array.from({ length: count }, (_, index) => {
    const language = languages[index % languages.length];
    const lookAlikes: string[] = [];
    const sentences = Array.from({ length: 3 + Math.floor(random() * 3) }, () =>
      pick(random, SENTENCES[language]).replace(/\{(\w+)\}/g, (_m, kind: string) => {
        const value = LOOK_ALIKES[kind](random);
        lookAlikes.push(value);
        return value;
      }),
    );
    const planted: PlantedPii[] = [];
    if (index % 2 === 1) {
      for (const type of ['card', 'iban', 'email', 'phone'] as const) {
        const value = plantedValue(random, type);
        planted.push({ type, value });
        sentences.splice(Math.floor(random() * (sentences.length + 1)), 0, PLANTED_SENTENCES[language][type].replace(`{${type}}`, value));
      }
    }
    return { language, text: sentences.join(language === 'zh' || language === 'ja' ? '' : ' '), lookAlikes, planted };
  });
}
