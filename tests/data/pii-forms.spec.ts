import { PII_TYPES, redactPii } from '@llmchain/data-cleaning';
import { lookAlikeCorpus, LOOK_ALIKES } from '../../tools/corpus-generator/look-alikes';
import { plantPii } from '../../tools/corpus-generator/pii-values';
import { SeededRandom } from '../../tools/corpus-generator/random';

/**
 * PII detection on values the corpus generator draws from each type's specification, one per sentence, in every form
 * and context it knows, scored per form: found when the value is gone from the text and counted under its type.
 */
describe('PII by form, on values drawn from the specifications', () => {
  const byForm = new Map<string, { planted: number; found: number }>();
  let planted = 0;
  let detected = 0;
  beforeAll(() => {
    const random = new SeededRandom(2026);
    for (let i = 0; i < 12_000; i++) {
      const type = PII_TYPES[i % PII_TYPES.length];
      const value = plantPii(random, type);
      const redaction = redactPii(value.text);
      const key = `${type}/${value.form}`;
      const tally = byForm.get(key) ?? { planted: 0, found: 0 };
      tally.planted++;
      if (!redaction.text.includes(value.value) && redaction.counts[type] === 1) tally.found++;
      byForm.set(key, tally);
      planted++;
      detected += redaction.total;
    }
  });
  const recall = (keys: string[]) => {
    const sum = keys.reduce((s, k) => ({ planted: s.planted + byForm.get(k)!.planted, found: s.found + byForm.get(k)!.found }), { planted: 0, found: 0 });
    return sum.found / sum.planted;
  };

  it('finds every value of every form except nationally written phone numbers', () => {
    const missed = [...byForm].filter(([key, t]) => !key.startsWith('phone/national') && t.found < t.planted);
    expect(missed).toEqual([]);
    expect(byForm.size).toBeGreaterThan(150);
  });

  it('finds international phone numbers of 30 countries, national ones of at least 20 whole and ≥ 90% overall', () => {
    const international = [...byForm.keys()].filter((k) => /^phone\/(international|e164)/.test(k));
    expect(new Set(international.map((k) => k.slice(-2))).size).toBe(30);
    expect(recall(international)).toBe(1);
    const national = [...byForm.keys()].filter((k) => k.startsWith('phone/national'));
    const countriesAllFound = new Set(national.filter((k) => byForm.get(k)!.found === byForm.get(k)!.planted).map((k) => k.slice(-2)));
    expect(countriesAllFound.size).toBeGreaterThanOrEqual(20);
    // Left by design: national numbers of countries without a trunk prefix, written with spaces or dots and no phone
    // word near (`912.349.942`), which look exactly like grouped counts (see isPhoneNumber).
    expect(recall(national)).toBeGreaterThanOrEqual(0.9);
  });

  it('counts nothing beyond what was planted', () => {
    expect(detected).toBeLessThanOrEqual(planted);
  });
});

describe('PII look-alikes', () => {
  it('redacts none of 10,000 ISBNs, ISSNs, EANs, order numbers, versions, dates, times, coordinates, hashes and numbers', () => {
    const corpus = lookAlikeCorpus(10_000);
    const redacted = corpus.filter(({ text }) => redactPii(text).total > 0);
    expect(new Set(corpus.map((c) => c.kind)).size).toBe(Object.keys(LOOK_ALIKES).length);
    expect(redacted).toEqual([]);
  });
});
