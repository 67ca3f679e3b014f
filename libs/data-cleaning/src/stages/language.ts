import { isLetterOrMark } from '../text/char-classes';
import { detectLanguages, LanguageShare } from './cld2';

export type LanguageGuess = {
  /** ISO 639-1 code (a few languages have only 639-3 ones), or `und` when the identifier is not confident enough. */
  language: string;
  /** Share of the sample in the reported language(s); 0 when CLD2 deems its answer unreliable. */
  confidence: number;
  /** Set for a mixed document: every language covering at least `mixedMinShare` of the sample, largest first. */
  mixed?: LanguageShare[];
};

export type LanguageThresholds = { minConfidence: number; mixedMinShare: number };
const DEFAULT_THRESHOLDS: LanguageThresholds = { minConfidence: 0.5, mixedMinShare: 0.2 };

/**
 * Language identification with CLD2 over the first `sampleChars` characters (cut at a word boundary). It answers
 * `und` rather than guess: when CLD2 finds its answer unreliable (short text, formulas, code, numbers) or the
 * languages it names cover less than `minConfidence` of the sample. A document whose second language covers at least
 * `mixedMinShare` is reported as mixed, labelled with its largest language.
 */
export function identifyLanguage(text: string, sampleChars: number, thresholds: LanguageThresholds = DEFAULT_THRESHOLDS): LanguageGuess {
  const sample = sampleOf(text, sampleChars);
  if (letterShare(sample) < MIN_LETTER_SHARE) return { language: 'und', confidence: 0 };
  const { reliable, languages } = detectLanguages(sample);
  const parts = languages.filter((part) => part.share >= thresholds.mixedMinShare);
  const covered = parts.reduce((sum, part) => sum + part.share, 0);
  // CLD2 calls a near half-and-half text unreliable; with enough text in each part it is a mixed document, not a doubt.
  const clearMix = parts.length > 1 && covered >= 0.9 && sample.length >= MIN_MIXED_SAMPLE_CHARS;
  if (!(reliable || clearMix) || parts.length === 0 || covered < thresholds.minConfidence)
    return { language: 'und', confidence: reliable ? round(covered) : 0 };
  const guess: LanguageGuess = { language: parts[0].language, confidence: round(covered) };
  if (parts.length > 1) guess.mixed = parts.map(({ language, share }) => ({ language, share: round(share) }));
  return guess;
}

/**
 * Below this share of letters among the non-space characters, a text is formulas, code or numbers: CLD2 would name
 * the language of its few keywords (`for`, `let`, `sum` read as English), so it is `und` without asking.
 */
const MIN_LETTER_SHARE = 0.6;
/** Shorter samples split between two close languages (Danish and Norwegian) are doubt, not a mixed document. */
const MIN_MIXED_SAMPLE_CHARS = 200;

function letterShare(sample: string): number {
  let letters = 0;
  let visible = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 32 || code === 10 || code === 9) continue;
    visible++;
    if (isLetterOrMark(code)) letters++;
  }
  return visible === 0 ? 0 : letters / visible;
}

function sampleOf(text: string, sampleChars: number): string {
  if (text.length <= sampleChars) return text;
  const cut = text.lastIndexOf(' ', sampleChars);
  return text.slice(0, cut > sampleChars / 2 ? cut : sampleChars);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
