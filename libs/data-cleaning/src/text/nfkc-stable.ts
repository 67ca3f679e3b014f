/**
 * Blocks whose characters never combine with a neighbour under Unicode normalization (none is a combining mark or a
 * character that composes with the one before it): Latin (Basic, Latin-1, Extended-A and -B), General Punctuation,
 * superscripts and subscripts, currency signs. In them, a text is NFKC-normalized exactly when each of its characters
 * is by itself, which ICU is asked once per character when this module loads. The spec checks every pair too.
 */
export const NFKC_STABLE_BLOCKS: readonly [number, number][] = [
  [0x0000, 0x024f],
  [0x2000, 0x20cf],
];

const TABLE_END = 0x20d0;
/** 1 where `String.fromCharCode(code).normalize('NFKC')` is the character itself (outside the blocks: 0, unknown). */
const STABLE = new Uint8Array(TABLE_END);
for (const [first, last] of NFKC_STABLE_BLOCKS)
  for (let code = first; code <= last; code++) {
    const character = String.fromCharCode(code);
    STABLE[code] = character.normalize('NFKC') === character ? 1 : 0;
  }

/**
 * True when NFKC would return the text unchanged, decided without ICU for text in the blocks above (ICU's own quick
 * check first copies the whole string to UTF-16). False also when the text has a character outside them: then only
 * ICU can tell.
 */
export function isNfkcStable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code >= TABLE_END || STABLE[code] === 0) return false;
  }
  return true;
}
