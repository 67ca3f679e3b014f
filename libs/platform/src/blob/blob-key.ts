/** Keys are `/`-separated paths of safe segments: they map onto a directory tree or an S3 key space alike. */
const KEY_PATTERN = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** Where staged writes live in every store; never a key callers may read or write. */
export const STAGING_PREFIX = '.staging';

/** Throws unless `key` is a valid blob key: no empty, `.` or `..` segment, no leading slash, not the staging area. */
export function assertBlobKey(key: string): void {
  if (key === STAGING_PREFIX || !KEY_PATTERN.test(key) || key.split('/').some((s) => s === '..' || s === '.')) {
    throw new Error(`invalid blob key ${JSON.stringify(key)}`);
  }
}

/** Bytes `start` to `end` inclusive (to the blob's end when `end` is omitted), as HTTP ranges count them. */
export type ByteRange = { start: number; end?: number };

export function assertByteRange(range: ByteRange): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || start < 0 || (end !== undefined && (!Number.isSafeInteger(end) || end < start))) {
    throw new Error(`invalid byte range ${JSON.stringify(range)}: start must be a whole number >= 0 and end >= start`);
  }
}
