import { generateHardNegativeProse } from '../testing/pii-hard-negatives';
import { PII_PLACEHOLDERS, redactPii } from './pii';

/**
 * PII precision on natural prose: sentences in nine languages (Thai written without spaces between words among them)
 * dense with ISBNs, ISSNs, order and invoice numbers, company registration numbers (OGRN, Korean business numbers),
 * versions, dates, coordinates, hashes, tracking numbers, prices and IBAN-shaped references (all computed from their
 * specifications in the generator), plus true cards, IBANs, emails and phones planted in every second document.
 */
describe('redactPii on prose with hard negatives', () => {
  const documents = generateHardNegativeProse(240, 20261204);

  it('redacts none of the look-alikes', () => {
    const leaks = documents.filter((d) => d.planted.length === 0).map((d) => ({ text: d.text, result: redactPii(d.text) })).filter((r) => r.result.total > 0);
    expect(leaks.map((l) => l.result.text)).toEqual([]);
  });

  it('finds exactly the planted values and nothing else in the same prose', () => {
    const misses: string[] = [];
    for (const document of documents.filter((d) => d.planted.length > 0)) {
      const expected = document.planted.reduce((text, { type, value }) => text.replace(value, PII_PLACEHOLDERS[type]), document.text);
      const result = redactPii(document.text);
      if (result.text !== expected) misses.push(`${result.text}\n  expected: ${expected}`);
    }
    expect(misses).toEqual([]);
  });

  it('leaves an IBAN-shaped reference whose first five groups pass mod-97 by chance but are too short for DE', () => {
    const text = 'Unser Aktenzeichen lautet DE19 1088 3454 3598 0701 17, bitte geben Sie es immer an.';
    expect(redactPii(text).total).toBe(0);
  });

  it('leaves a version number and a grouped count near a verb for calling', () => {
    const text = "Le correctif est dans la version 8.23.67. On l'appelle la ville aux 8 476 052 habitants.";
    expect(redactPii(text).total).toBe(0);
  });

  it('leaves a version number named after it (Korean) or before it (Russian) next to a verb for calling', () => {
    expect(redactPii('전화 주세요. 서버를 13.19.187 버전으로 올렸습니다.').total).toBe(0);
    expect(redactPii('Звоните нам. После обновления до версии 13.19.187 сервер работает.').total).toBe(0);
  });

  it('the corpus really holds the hard cases it names', () => {
    const lookAlikes = documents.flatMap((d) => d.lookAlikes);
    expect(lookAlikes.length).toBeGreaterThan(800);
    expect(new Set(documents.map((d) => d.language)).size).toBe(9);
    expect(lookAlikes.filter((v) => /^97[89]/.test(v)).length).toBeGreaterThan(50);
  });
});
