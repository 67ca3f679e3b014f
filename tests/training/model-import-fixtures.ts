import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tar from 'tar-stream';

export const FIXTURES = path.join(__dirname, '../../libs/model-runtime/src/__fixtures__/hf');
/** The files of a fixture directory a Hub checkout would have (reference.json is the fixture's answer key). */
const HF_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors'];

/** A tar of `files` (name → bytes) inside one top-level folder, as `tar -cf x.tar <folder>` makes it. */
export async function tarOf(folder: string, files: Record<string, Buffer | string>): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => pack.on('end', resolve));
  for (const [name, body] of Object.entries(files)) pack.entry({ name: folder ? `${folder}/${name}` : name }, body);
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

export function fixtureFiles(name: string): Record<string, Buffer> {
  return Object.fromEntries(HF_FILES.map((file) => [file, readFileSync(path.join(FIXTURES, name, file))]));
}
