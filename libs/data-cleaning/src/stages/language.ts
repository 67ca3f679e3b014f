import { detectAll } from 'tinyld';

export type LanguageGuess = { language: string; confidence: number };

/**
 * Language identification with tinyld (n-gram profiles; ISO 639-1 codes). It reads only the first `sampleChars`
 * characters, cut at a word boundary, because its cost grows with the text and a few hundred characters decide it.
 * Returns 'und' (undetermined) when the identifier has no answer.
 */
export function identifyLanguage(text: string, sampleChars: number): LanguageGuess {
  const best = detectAll(sampleOf(text, sampleChars))[0];
  if (!best || !best.lang) return { language: 'und', confidence: 0 };
  return { language: best.lang, confidence: round(best.accuracy) };
}

function sampleOf(text: string, sampleChars: number): string {
  if (text.length <= sampleChars) return text;
  const cut = text.lastIndexOf(' ', sampleChars);
  return text.slice(0, cut > sampleChars / 2 ? cut : sampleChars);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
