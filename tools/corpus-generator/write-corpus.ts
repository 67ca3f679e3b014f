import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { CorpusOptions, generateCorpus } from './generate-corpus';

/**
 * Writes `corpus.jsonl` (one {"text", "id"} object a line, the upload format) and `labels.jsonl` (what was planted
 * in each document) into a directory.
 */
export async function writeCorpus(directory: string, options: CorpusOptions): Promise<{ documents: number; bytes: number }> {
  await mkdir(directory, { recursive: true });
  const corpus = createWriteStream(path.join(directory, 'corpus.jsonl'));
  const labels = createWriteStream(path.join(directory, 'labels.jsonl'));
  let documents = 0;
  let bytes = 0;
  for (const { document, label } of generateCorpus(options)) {
    const line = `${JSON.stringify({ text: document.text, id: document.id })}\n`;
    bytes += Buffer.byteLength(line);
    documents++;
    if (!corpus.write(line)) await once(corpus, 'drain');
    if (!labels.write(`${JSON.stringify(label)}\n`)) await once(labels, 'drain');
  }
  corpus.end();
  labels.end();
  await Promise.all([once(corpus, 'finish'), once(labels, 'finish')]);
  return { documents, bytes };
}
