import { HELD_OUT_SENTENCES } from '../testing/held-out-languages';
import { measureLanguageAccuracy } from '../testing/language-accuracy';
import { identifyLanguage } from './language';

describe('identifyLanguage', () => {
  const accuracy = measureLanguageAccuracy();

  it('is measured on held-out sentences in at least 20 languages', () => {
    expect(Object.keys(HELD_OUT_SENTENCES).length).toBeGreaterThanOrEqual(20);
  });

  it.each(Object.keys(HELD_OUT_SENTENCES))('identifies %s on at least two of its three held-out sentences', (language) => {
    expect(accuracy.perLanguage[language].accuracy).toBeGreaterThanOrEqual(0.66);
  });

  it('is right on ≥ 95% overall and answers und rather than a wrong language', () => {
    expect(accuracy.overall).toBeGreaterThanOrEqual(0.95);
    expect(accuracy.wrongLabels).toBe(0);
  });

  it('answers und for most formulas, code and numbers instead of guessing a language', () => {
    expect(accuracy.noLanguageUnd).toBeGreaterThanOrEqual(0.8);
    for (const formula of ['x = a + b * c', 'E = mc^2', '12345 67890']) expect(identifyLanguage(formula, 2000).language).toBe('und');
  });

  it('reports two-language documents as mixed, with both languages', () => {
    expect(accuracy.mixedPairsFound).toBeGreaterThanOrEqual(0.95);
    const guess = identifyLanguage(`${HELD_OUT_SENTENCES.en.join(' ')}\n\n${HELD_OUT_SENTENCES.ja.join('')}`, 2000);
    expect(guess.mixed?.map((part) => part.language).sort()).toEqual(['en', 'ja']);
    expect(guess.mixed!.reduce((sum, part) => sum + part.share, 0)).toBeGreaterThan(0.9);
  });

  it('raises its threshold on request: a two-thirds majority is und at minConfidence 0.99', () => {
    const text = `${HELD_OUT_SENTENCES.de.slice(1).join(' ')} ${HELD_OUT_SENTENCES.en[2]}`;
    expect(identifyLanguage(text, 2000, { minConfidence: 0.99, mixedMinShare: 0.5 }).language).toBe('und');
  });
});
