/** JavaScript's `\s` (what `split(/\s+/)` splits on), one UTF-16 code unit at a time. */
export function isWhitespace(code: number): boolean {
  if (code < 0x80) return code === 32 || (code >= 9 && code <= 13);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * A Unicode property regex asked once per UTF-16 code unit beyond ASCII and remembered, instead of a one-character
 * string made and a regex run for every character of every document. A lone surrogate is asked as itself (the
 * regex says it is no letter), as the per-character tests did.
 */
function cachedClass(pattern: RegExp, ascii: (code: number) => boolean): (code: number) => boolean {
  const known = new Uint8Array(0x10000); // 0 not asked yet, 1 in the class, 2 not
  return (code) => {
    if (code < 0x80) return ascii(code);
    let answer = known[code];
    if (answer === 0) known[code] = answer = pattern.test(String.fromCharCode(code)) ? 1 : 2;
    return answer === 1;
  };
}

const isAsciiLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** `\p{L}` for one UTF-16 code unit. */
export const isLetter = cachedClass(/\p{L}/u, isAsciiLetter);

/** `[\p{L}\p{M}]` for one UTF-16 code unit. */
export const isLetterOrMark = cachedClass(/[\p{L}\p{M}]/u, isAsciiLetter);
