import { ContaminationCheck, contaminationRemoval } from '../contamination/contamination-rule';
// Type only: the module itself is a worker thread's entry point.
import type { PreparedWithRedaction } from '../parallel/prepare-worker';

/**
 * One document as a shard's per-document stages left it: filters, contamination, dedup keys and its PII redaction.
 * Everything the merge needs to decide it in run order without reading the source again.
 */
export type ShardDocument = PreparedWithRedaction;

/** What the dedup partitions read of a document that reached deduplication: a few dozen bytes, not its text. */
export type DedupKeys = { id: string; digest?: string; signature?: Uint32Array };

/**
 * Applies the run's contamination rule where the single-process pipeline does (after the filters, before dedup): a
 * removed document carries no dedup keys or redaction, so it neither counts as a first copy nor gets indexed.
 */
export function withContamination(prepared: ShardDocument, check: ContaminationCheck | undefined): ShardDocument {
  if (prepared.removal || !check) return prepared;
  const removal = contaminationRemoval(prepared.text, check);
  if (!removal) return prepared;
  return { id: prepared.id, text: prepared.text, metadata: prepared.metadata, inputBytes: prepared.inputBytes, labels: prepared.labels, qualityScore: prepared.qualityScore, removal };
}

export function dedupKeysOf(document: ShardDocument): DedupKeys | null {
  if (document.removal || (document.digest === undefined && !document.signature)) return null;
  return { id: document.id, digest: document.digest, signature: document.signature };
}

/** A JSON line; a removed document's text is dropped (its decision never shows it), signatures travel as base64. */
export function shardDocumentLine(document: ShardDocument): string {
  const { signature, ...rest } = document;
  const stored = document.removal ? { ...rest, text: '' } : rest;
  return `${JSON.stringify(signature ? { ...stored, signature: signatureToBase64(signature) } : stored)}\n`;
}

export function parseShardDocumentLine(line: string): ShardDocument {
  const parsed = JSON.parse(line) as Omit<ShardDocument, 'signature'> & { signature?: string };
  const { signature, ...rest } = parsed;
  return signature === undefined ? rest : { ...rest, signature: signatureFromBase64(signature) };
}

export function dedupKeysLine(keys: DedupKeys): string {
  return `${JSON.stringify({ id: keys.id, digest: keys.digest, signature: keys.signature && signatureToBase64(keys.signature) })}\n`;
}

export function parseDedupKeysLine(line: string): DedupKeys {
  const parsed = JSON.parse(line) as { id: string; digest?: string; signature?: string };
  return { id: parsed.id, digest: parsed.digest, signature: parsed.signature === undefined ? undefined : signatureFromBase64(parsed.signature) };
}

function signatureToBase64(signature: Uint32Array): string {
  return Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64');
}

function signatureFromBase64(encoded: string): Uint32Array {
  const bytes = Buffer.from(encoded, 'base64');
  // Copied into its own buffer: Buffer.from may hand out a slice of a shared pool at an unaligned offset.
  const signature = new Uint32Array(bytes.length / 4);
  new Uint8Array(signature.buffer).set(bytes);
  return signature;
}
