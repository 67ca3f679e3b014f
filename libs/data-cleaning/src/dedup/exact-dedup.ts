import { createHash } from 'node:crypto';

/**
 * Exact duplicates on normalized text: lower-cased, whitespace collapsed. Keeps a 16-byte digest per kept document
 * (not the text), so memory grows with the number of distinct documents, not their size.
 */
export class ExactDeduplicator {
  private readonly firstByDigest = new Map<string, string>();

  /** Returns the id of the earlier document with the same normalized text, or null (and remembers this one). */
  check(documentId: string, text: string): string | null {
    return this.checkDigest(documentId, exactDigest(text));
  }

  /** The same, for a digest computed elsewhere (another thread). */
  checkDigest(documentId: string, digest: string): string | null {
    const first = this.firstByDigest.get(digest);
    if (first !== undefined) return first;
    this.firstByDigest.set(digest, documentId);
    return null;
  }
}

/**
 * A whitespace run other than one plain space: replacing only these with a space gives what replacing every run does,
 * without rebuilding the text at each of its spaces (that was most of this stage's time).
 */
const WHITESPACE_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

export function exactDigest(text: string): string {
  const normalized = text.toLowerCase().replace(WHITESPACE_TO_COLLAPSE, ' ').trim();
  return createHash('md5').update(normalized).digest('base64');
}
