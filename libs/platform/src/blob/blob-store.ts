import { Readable } from 'node:stream';
import { ByteRange } from './blob-key';

/** DI token under which a service provides its blob store. */
export const BLOB_STORE = Symbol('BLOB_STORE');

export type StoredBlob = { key: string; bytes: number; sha256: string };

/**
 * A write in progress. Bytes go to a staging area (never visible under a key) while their SHA-256 is computed;
 * `commit` publishes them under a key, `abort` discards them. A key, once written, is never overwritten: large things
 * are immutable and content or version addressed.
 */
export interface StagedBlob {
  write(chunk: Buffer): Promise<void>;
  /** Bytes written so far and their SHA-256 (final once writing is done). */
  finish(): Promise<{ bytes: number; sha256: string }>;
  /** Finishes the write, then reads the staged bytes back (for validation before they are published). */
  openStagedRead(): Promise<Readable>;
  /** Publishes under `key`; when the key already holds a blob the staged copy is dropped and the existing one kept. */
  commit(key: string): Promise<StoredBlob>;
  abort(): Promise<void>;
}

/** Where large artifacts live (corpora, dataset shards, checkpoints): a local directory here, S3-compatible when deployed. */
export interface BlobStore {
  stage(): Promise<StagedBlob>;
  /** The blob's bytes, or those of `range`; a missing key fails the stream with an error whose code is ENOENT. */
  openRead(key: string, range?: ByteRange): Readable;
  size(key: string): Promise<number | null>;
  delete(key: string): Promise<void>;
  /** Keys under a prefix (for audits and tests: finding orphans). */
  list(prefix: string): Promise<string[]>;
}

/** A read of a key that holds nothing; its code matches the local store's file-system error. */
export class BlobNotFoundError extends Error {
  readonly code = 'ENOENT';
  constructor(readonly key: string) {
    super(`no blob under ${key}`);
    this.name = 'BlobNotFoundError';
  }
}
