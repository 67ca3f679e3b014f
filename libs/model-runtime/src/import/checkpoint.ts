import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ModelImportError } from '../errors';
import { SafetensorsFile, TensorLocation } from './safetensors-reader';
import { hasSourceFile } from './source-files';

export const SINGLE_WEIGHTS_FILE = 'model.safetensors';
export const SHARD_INDEX_FILE = 'model.safetensors.index.json';
/** An index lists names and file names only; anything larger is not one. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;
const MAX_SHARDS = 1024;

/** A shard name from the index must be a plain file beside it: no directories, no way out of the model directory. */
function shardName(name: unknown): string {
  if (typeof name !== 'string' || !/^[\w.-]+\.safetensors$/.test(name) || name.startsWith('.')) {
    throw new ModelImportError(SHARD_INDEX_FILE, `${SHARD_INDEX_FILE} names shard ${JSON.stringify(name)}; expected a *.safetensors file beside it`);
  }
  return name;
}

function readShardMap(dir: string): Map<string, string> {
  const file = path.join(dir, SHARD_INDEX_FILE);
  if (statSync(file).size > MAX_INDEX_BYTES) throw new ModelImportError(SHARD_INDEX_FILE, `${SHARD_INDEX_FILE} is larger than ${MAX_INDEX_BYTES} bytes`);
  let index: { weight_map?: unknown };
  try {
    index = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new ModelImportError(SHARD_INDEX_FILE, `${SHARD_INDEX_FILE} is not valid JSON`);
  }
  const weightMap = index?.weight_map;
  if (typeof weightMap !== 'object' || weightMap === null) {
    throw new ModelImportError(`${SHARD_INDEX_FILE}:weight_map`, `${SHARD_INDEX_FILE} has no weight_map object`);
  }
  return new Map(Object.entries(weightMap).map(([tensor, shard]) => [tensor, shardName(shard)]));
}

/**
 * The weights of a Hugging Face model directory, model.safetensors or shards listed by model.safetensors.index.json,
 * with every tensor's location known and none read yet. `read` streams one tensor at a time.
 */
export class Checkpoint {
  private constructor(
    private readonly files: SafetensorsFile[],
    readonly tensors: Map<string, { location: TensorLocation; file: SafetensorsFile }>,
    /** The weight files read (the index first when sharded), relative to the directory. */
    readonly fileNames: string[],
  ) {}

  static open(dir: string): Checkpoint {
    if (hasSourceFile(dir, SHARD_INDEX_FILE)) return Checkpoint.openSharded(dir);
    if (!hasSourceFile(dir, SINGLE_WEIGHTS_FILE)) {
      throw new ModelImportError(SINGLE_WEIGHTS_FILE, `the directory has neither ${SINGLE_WEIGHTS_FILE} nor ${SHARD_INDEX_FILE}`);
    }
    return Checkpoint.fromFiles(dir, [SINGLE_WEIGHTS_FILE], []);
  }

  private static openSharded(dir: string): Checkpoint {
    const shardOf = readShardMap(dir);
    const shards = [...new Set(shardOf.values())];
    if (shards.length > MAX_SHARDS) throw new ModelImportError(SHARD_INDEX_FILE, `${SHARD_INDEX_FILE} lists ${shards.length} shards, more than ${MAX_SHARDS}`);
    const checkpoint = Checkpoint.fromFiles(dir, shards, [SHARD_INDEX_FILE]);
    try {
      for (const [tensor, shard] of shardOf) {
        if (checkpoint.tensors.get(tensor)?.file.file !== shard) {
          throw new ModelImportError(tensor, `${SHARD_INDEX_FILE} places tensor ${tensor} in ${shard}, which does not hold it`);
        }
      }
      for (const tensor of checkpoint.tensors.keys()) {
        if (!shardOf.has(tensor)) throw new ModelImportError(tensor, `tensor ${tensor} is in a shard but not in ${SHARD_INDEX_FILE}`);
      }
    } catch (error) {
      checkpoint.close();
      throw error;
    }
    return checkpoint;
  }

  private static fromFiles(dir: string, names: string[], indexFiles: string[]): Checkpoint {
    const files: SafetensorsFile[] = [];
    const tensors = new Map<string, { location: TensorLocation; file: SafetensorsFile }>();
    try {
      for (const name of names) {
        if (!hasSourceFile(dir, name)) throw new ModelImportError(name, `weights file ${name} is missing`);
        const file = SafetensorsFile.open(path.join(dir, name), name);
        files.push(file);
        for (const location of file.tensors.values()) {
          if (tensors.has(location.name)) throw new ModelImportError(location.name, `tensor ${location.name} appears in two weight files`);
          tensors.set(location.name, { location, file });
        }
      }
    } catch (error) {
      for (const file of files) file.close();
      throw error;
    }
    return new Checkpoint(files, tensors, [...indexFiles, ...names]);
  }

  read(name: string): Float32Array {
    const entry = this.tensors.get(name);
    if (!entry) throw new ModelImportError(name, `tensor ${name} is missing from the checkpoint`);
    return entry.file.read(name);
  }

  close(): void {
    for (const file of this.files) file.close();
  }
}
