/**
 * GPT-2's reversible byte <-> character mapping. Byte-level BPE works on bytes, but vocabularies and merges are
 * stored as text (tokenizer.json), so each byte is shown as a printable character: printable Latin-1 bytes map to
 * themselves and the rest (controls, space, soft hyphen...) are shifted to U+0100 and up, e.g. space -> 'Ġ'.
 */

function buildByteToChar(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const byteToChar = new Array<string>(256);
  for (const b of printable) byteToChar[b] = String.fromCharCode(b);
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    if (byteToChar[b] === undefined) byteToChar[b] = String.fromCharCode(256 + shifted++);
  }
  return byteToChar;
}

/** byteToChar[b] is the character that stands for byte b. */
export const BYTE_TO_CHAR: readonly string[] = buildByteToChar();

/** charCodeToByte[c] is the byte shown as character code c, or -1; every mapped code is below 324. */
const CHAR_CODE_TO_BYTE: Int16Array = (() => {
  const table = new Int16Array(324).fill(-1);
  BYTE_TO_CHAR.forEach((ch, b) => (table[ch.charCodeAt(0)] = b));
  return table;
})();

/**
 * The 256 bytes in GPT-2's base-vocabulary order ('!' first, then the other printable bytes, then the shifted
 * ones), so byte-level ids 0..255 agree with GPT-2's for every tokenizer this library trains.
 */
export const BASE_VOCAB_BYTE_ORDER: readonly number[] = Array.from({ length: 256 }, (_, b) => b).sort(
  (a, b) => BYTE_TO_CHAR[a].charCodeAt(0) - BYTE_TO_CHAR[b].charCodeAt(0),
);

export function bytesToTokenString(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += BYTE_TO_CHAR[bytes[i]];
  return s;
}

/** Inverse of bytesToTokenString; null when the string holds a character outside the mapping. */
export function tokenStringToBytes(token: string): Uint8Array | null {
  const bytes = new Uint8Array(token.length);
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    const b = code < CHAR_CODE_TO_BYTE.length ? CHAR_CODE_TO_BYTE[code] : -1;
    if (b < 0) return null;
    bytes[i] = b;
  }
  return bytes;
}
