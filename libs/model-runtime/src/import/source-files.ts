import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ModelImportError } from '../errors';

/** A file of the source directory as the import recorded it, for lineage ("imported from …, sha256 of each file"). */
export interface SourceFile {
  /** Relative to the source directory. */
  path: string;
  bytes: number;
  sha256: string;
}

/** SHA-256 of a file, streamed so a multi-gigabyte shard is never held in memory. */
export async function describeSourceFile(dir: string, name: string): Promise<SourceFile> {
  const file = path.join(dir, name);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return { path: name, bytes: statSync(file).size, sha256: hash.digest('hex') };
}

/**
 * Whether the source directory has `name` as a regular file. Links are refused by name: an import reads what the
 * directory holds, never a file elsewhere on the host that a link points to.
 */
export function hasSourceFile(dir: string, name: string): boolean {
  let stats;
  try {
    stats = lstatSync(path.join(dir, name));
  } catch {
    return false;
  }
  if (!stats.isFile()) throw new ModelImportError(name, `${name} is not a regular file (links are not followed)`);
  return true;
}

/** A small text file of the source directory (configs, tokenizer), refused by name when larger than `maxBytes`. */
export function readSmallFile(dir: string, name: string, maxBytes: number): string | undefined {
  if (!hasSourceFile(dir, name)) return undefined;
  const file = path.join(dir, name);
  const size = statSync(file).size;
  if (size > maxBytes) throw new ModelImportError(name, `${name} is ${size} bytes, more than the ${maxBytes} allowed`);
  return readFileSync(file, 'utf8');
}

/** A JSON file of the source directory, parsed; a file that is not JSON is refused by name. */
export function readJsonFile(dir: string, name: string, maxBytes: number): { text: string; json: unknown } | undefined {
  const text = readSmallFile(dir, name, maxBytes);
  if (text === undefined) return undefined;
  try {
    return { text, json: JSON.parse(text) };
  } catch {
    throw new ModelImportError(name, `${name} is not valid JSON`);
  }
}
