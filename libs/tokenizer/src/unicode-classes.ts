/**
 * Character classes the GPT-2 family of pre-tokenization patterns is written in: \p{L}, \p{N} and \s (Unicode
 * White_Space, as in tiktoken's and Hugging Face's regex engines). A table for the Basic Multilingual Plane makes
 * classifying a character one array read; the rare astral characters (emoji, historic scripts) ask the regex
 * engine once and are remembered.
 */
export const OTHER = 0;
export const LETTER = 1;
export const NUMBER = 2;
export const SPACE = 3;
export type CharClass = typeof OTHER | typeof LETTER | typeof NUMBER | typeof SPACE;

const CLASS_PATTERNS: ReadonlyArray<[CharClass, RegExp]> = [
  [LETTER, /\p{L}+/gu],
  [NUMBER, /\p{N}+/gu],
  [SPACE, /\p{White_Space}+/gu],
];

function buildBmpTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  const codes = new Uint16Array(0x10000);
  // Surrogates are left out: alone they are not characters and they belong to no class.
  for (let c = 0; c < 0x10000; c++) codes[c] = c >= 0xd800 && c <= 0xdfff ? 0 : c;
  let everyCharacter = '';
  for (let i = 0; i < codes.length; i += 8192) everyCharacter += String.fromCharCode(...codes.subarray(i, i + 8192));
  for (const [charClass, pattern] of CLASS_PATTERNS) {
    for (const match of everyCharacter.matchAll(pattern)) table.fill(charClass, match.index, match.index + match[0].length);
  }
  return table;
}

const BMP_CLASS = buildBmpTable();
const astralClass = new Map<number, CharClass>();

function classifyAstral(codePoint: number): CharClass {
  let charClass = astralClass.get(codePoint);
  if (charClass === undefined) {
    const ch = String.fromCodePoint(codePoint);
    charClass = OTHER;
    for (const [candidate, pattern] of CLASS_PATTERNS) {
      pattern.lastIndex = 0;
      if (pattern.test(ch)) charClass = candidate;
    }
    astralClass.set(codePoint, charClass);
  }
  return charClass;
}

/** Class of the character starting at text[index] (a lone surrogate is OTHER). */
export function classAt(text: string, index: number, end: number): CharClass {
  const c = text.charCodeAt(index);
  if ((c & 0xfc00) === 0xd800 && index + 1 < end) {
    const low = text.charCodeAt(index + 1);
    if ((low & 0xfc00) === 0xdc00) return classifyAstral(0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00));
  }
  return BMP_CLASS[c] as CharClass;
}

/** Number of UTF-16 code units of the character starting at text[index]. */
export function charWidthAt(text: string, index: number, end: number): number {
  const c = text.charCodeAt(index);
  return (c & 0xfc00) === 0xd800 && index + 1 < end && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
}
