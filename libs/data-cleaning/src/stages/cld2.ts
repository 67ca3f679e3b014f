type Cld2Result = {
  reliable: boolean;
  /** The top three languages: percent is each one's share of the text's letters, score its normalized score. */
  languages: { code: string; percent: number; score: number }[];
};

type Cld2Binding = {
  detect(text: string, isPlainText: boolean, languageHint: string, encodingHint: string, tldHint: string, httpHint: string, bestEffort: boolean): Cld2Result;
};

/**
 * Google's Compact Language Detector 2 through the `cld` package's native binding. The package's own entry point is
 * only asynchronous (a thread-pool round trip per call, more than the detection itself costs); the binding it wraps
 * also exports the synchronous `detect`, which the per-document stages (already off the main thread) need.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const binding = require('cld/build/Release/cld.node') as Cld2Binding;

/** CLD2 still uses a few withdrawn codes; these are their ISO 639-1 replacements. */
const CURRENT_CODES: Record<string, string> = { iw: 'he', jw: 'jv', 'zh-Hant': 'zh' };

export type LanguageShare = { language: string; share: number };

/** The languages CLD2 finds in plain text, largest share first, and whether it deems the answer reliable. */
export function detectLanguages(text: string): { reliable: boolean; languages: LanguageShare[] } {
  // Plain text (no HTML tags or entities parsed), no hints, not best-effort (unreliable languages dropped). Measured
  // (BENCHMARKS.md, Cleaning, 2026-12-04 23:00): CLD2's own scoring is about 88% of this call's CPU time; the UTF-8
  // copy and the result objects the rest, so no other call path or binding of CLD2 could save much.
  const result = binding.detect(text, true, '', '', '', '', false);
  const languages: LanguageShare[] = [];
  for (const { code, percent } of result.languages) {
    const language = CURRENT_CODES[code] ?? code;
    const same = languages.find((part) => part.language === language);
    if (same) same.share += percent / 100;
    else languages.push({ language, share: percent / 100 });
  }
  return { reliable: result.reliable, languages };
}
