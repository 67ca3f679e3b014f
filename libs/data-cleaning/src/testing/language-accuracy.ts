import { identifyLanguage, LanguageThresholds } from '../stages/language';
import { HELD_OUT_SENTENCES, NO_LANGUAGE_SAMPLES } from './held-out-languages';

export type LanguageAccuracy = {
  /** Per language: share of its held-out sentences identified correctly, and how many were called `und` or wrong. */
  perLanguage: Record<string, { accuracy: number; und: number; wrong: number; sentences: number }>;
  overall: number;
  /** Sentences labelled with a wrong language (not `und`): the errors that mislead, unlike an honest `und`. */
  wrongLabels: number;
  /** Share of formulas, code and numbers answered `und`. */
  noLanguageUnd: number;
  /** Share of two-language documents (every pair of languages) reported mixed with exactly those two languages. */
  mixedPairsFound: number;
};

/** Language identification measured on the held-out sentences, the no-language samples and every language pair. */
export function measureLanguageAccuracy(sampleChars = 2000, thresholds?: LanguageThresholds): LanguageAccuracy {
  const perLanguage: LanguageAccuracy['perLanguage'] = {};
  let right = 0;
  let total = 0;
  let wrongLabels = 0;
  for (const [language, sentences] of Object.entries(HELD_OUT_SENTENCES)) {
    const tally = { accuracy: 0, und: 0, wrong: 0, sentences: sentences.length };
    for (const sentence of sentences) {
      const guess = identifyLanguage(sentence, sampleChars, thresholds);
      if (guess.language === language && !guess.mixed) tally.accuracy++;
      else if (guess.language === 'und') tally.und++;
      else tally.wrong++;
    }
    right += tally.accuracy;
    total += sentences.length;
    wrongLabels += tally.wrong;
    perLanguage[language] = { ...tally, accuracy: round(tally.accuracy / sentences.length) };
  }
  const und = NO_LANGUAGE_SAMPLES.filter((text) => identifyLanguage(text, sampleChars, thresholds).language === 'und').length;

  const languages = Object.keys(HELD_OUT_SENTENCES).sort();
  let pairs = 0;
  let found = 0;
  for (const a of languages)
    for (const b of languages) {
      if (a >= b) continue;
      pairs++;
      const text = `${HELD_OUT_SENTENCES[a].slice(1).join(' ')}\n\n${HELD_OUT_SENTENCES[b].slice(1).join(' ')}`;
      const mixed = identifyLanguage(text, sampleChars, thresholds).mixed?.map((part) => part.language).sort();
      if (mixed?.length === 2 && mixed[0] === a && mixed[1] === b) found++;
    }
  return {
    perLanguage,
    overall: round(right / total),
    wrongLabels,
    noLanguageUnd: round(und / NO_LANGUAGE_SAMPLES.length),
    mixedPairsFound: round(found / pairs),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
