import { isNfkcStable } from '../text/nfkc-stable';

// Control characters except tab and newline; also the Unicode line/paragraph separators and BOM / zero-width marks.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]/g;
const LINE_BREAKS = /\r\n?|[\u2028\u2029]/g;
/**
 * A run of horizontal whitespace other than one plain space: replacing only these with a space gives what replacing
 * every run does, without rebuilding the text at each of its spaces (one rebuild per word was most of this stage).
 * Written by its first character (a space needs one more after it, any other starts a run by itself) rather than as
 * `[^\S\n]{2,}|[^\S\n ]`, the same matches, which V8 scans about a sixth slower.
 */
const HORIZONTAL_SPACE_TO_COLLAPSE = /[^\S\n ][^\S\n]*| [^\S\n]+/g;
/** Spaces at a line's end or start (after the runs above, at most one on each side); a bare newline is left alone. */
const LINE_EDGES = / \n ?|\n /g;
const MANY_BLANK_LINES = /\n{3,}/g;

/**
 * Unicode NFKC (compatibility forms such as full-width letters and ligatures fold to their plain equivalents), then
 * control characters dropped, runs of spaces and tabs collapsed, lines trimmed, at most one blank line in a row.
 */
export function normalizeText(text: string): string {
  // Text whose every character NFKC leaves as it is needs no trip through ICU (most Latin-script prose).
  return (isNfkcStable(text) ? text : text.normalize('NFKC'))
    .replace(LINE_BREAKS, '\n')
    .replace(CONTROL, '')
    .replace(HORIZONTAL_SPACE_TO_COLLAPSE, ' ')
    .replace(LINE_EDGES, '\n')
    .replace(MANY_BLANK_LINES, '\n\n')
    .trim();
}
