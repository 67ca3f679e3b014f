import { CleaningSettings } from '../config';

type QualitySettings = CleaningSettings['quality'];
/** The thresholds a language may tune; only the word-length bounds are skipped for a language without any. */
export type LanguageThresholds = Pick<QualitySettings, 'minWords' | 'minMeanWordLength' | 'maxMeanWordLength'>;
export type QualityRuleSet = 'language' | 'script_independent';

/**
 * Word-rule thresholds per language (ISO 639-1), after FineWeb-2's adaptation of the Gopher rules: the word-length
 * bounds move with each language's typical word (words as {@link splitWords} counts them, i.e. dictionary words from
 * `Intl.Segmenter` for Chinese, Japanese and Thai). FineWeb-2 fits them to per-language corpora; without those here
 * the bounds are set by hand from typical mean word lengths with a wide margin. An empty entry means the configured
 * (English-tuned) thresholds suit the language. A language missing from this table, and from the run's
 * `quality.byLanguage`, is judged by the script-independent rules only.
 */
export const LANGUAGE_THRESHOLDS: Record<string, Partial<LanguageThresholds>> = {
  en: {},
  fr: {},
  es: {},
  it: {},
  pt: {},
  ro: {},
  ca: {},
  pl: {},
  cs: {},
  sk: {},
  hr: {},
  sl: {},
  ru: {},
  uk: {},
  bg: {},
  el: {},
  id: {},
  ms: {},
  sw: {},
  he: {},
  // Compounding and agglutinative languages: long words are normal.
  de: { maxMeanWordLength: 12 },
  nl: { maxMeanWordLength: 12 },
  sv: { maxMeanWordLength: 12 },
  da: { maxMeanWordLength: 12 },
  no: { maxMeanWordLength: 12 },
  et: { maxMeanWordLength: 13 },
  lt: { maxMeanWordLength: 12 },
  lv: { maxMeanWordLength: 12 },
  fi: { maxMeanWordLength: 14 },
  hu: { maxMeanWordLength: 13 },
  tr: { maxMeanWordLength: 13 },
  // Short words: Vietnamese writes syllables, Arabic attaches clitics but drops short vowels, Hindi's postpositions.
  vi: { minMeanWordLength: 2 },
  ar: { minMeanWordLength: 2.5 },
  fa: { minMeanWordLength: 2.5 },
  hi: { minMeanWordLength: 2 },
  // Korean words (eojeol) are two to four syllable blocks.
  ko: { minMeanWordLength: 1.5, maxMeanWordLength: 8 },
  // Segmented Chinese and Japanese words are one to three characters, Thai words two to six.
  zh: { minMeanWordLength: 1, maxMeanWordLength: 5 },
  ja: { minMeanWordLength: 1, maxMeanWordLength: 5 },
  th: { minMeanWordLength: 1.5, maxMeanWordLength: 8 },
};

/**
 * The thresholds a document is judged by, from its languages (one, or several for a mixed document: each bound is
 * the loosest of theirs, so every language's part can pass). `null` when a language has no thresholds here: the
 * document is then judged by the script-independent rules only. With no language known (the language stage off),
 * the configured thresholds apply.
 */
export function thresholdsFor(languages: string[] | undefined, settings: QualitySettings): QualitySettings | null {
  if (!languages) return settings;
  if (languages.length === 0) return null;
  const resolved: LanguageThresholds[] = [];
  for (const language of languages) {
    const builtIn = LANGUAGE_THRESHOLDS[language];
    const configured = settings.byLanguage[language];
    if (!builtIn && !configured) return null;
    const { minWords, minMeanWordLength, maxMeanWordLength } = settings;
    resolved.push({ minWords, minMeanWordLength, maxMeanWordLength, ...builtIn, ...configured });
  }
  return {
    ...settings,
    minWords: Math.min(...resolved.map((r) => r.minWords)),
    minMeanWordLength: Math.min(...resolved.map((r) => r.minMeanWordLength)),
    maxMeanWordLength: Math.max(...resolved.map((r) => r.maxMeanWordLength)),
  };
}
