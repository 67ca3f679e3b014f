// Control characters except tab and newline; also the Unicode line/paragraph separators and BOM / zero-width marks.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]/g;
const HORIZONTAL_SPACE = /[^\S\n]+/g;
const LINE_EDGES = / *\n */g;
const MANY_BLANK_LINES = /\n{3,}/g;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Unicode NFKC (compatibility forms such as full-width letters and ligatures fold to their plain equivalents), then
 * control characters dropped, runs of spaces and tabs collapsed, lines trimmed, at most one blank line in a row.
 */
export function normalizeText(text: string): string {
  // NFKC leaves ASCII as it is; finding that out is cheaper than asking ICU to normalize.
  return (NON_ASCII.test(text) ? text.normalize('NFKC') : text)
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(CONTROL, '')
    .replace(HORIZONTAL_SPACE, ' ')
    .replace(LINE_EDGES, '\n')
    .replace(MANY_BLANK_LINES, '\n\n')
    .trim();
}
