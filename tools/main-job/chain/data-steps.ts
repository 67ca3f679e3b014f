import type { DataSchemas } from '@llmchain/api-client';
import { SingleBar } from 'cli-progress';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateCorpus } from '../../corpus-generator/generate-corpus';
import { ChainError, HttpClient } from './http-client';

/** data-service's cleaning report, as its OpenAPI document describes it. */
export type CleaningReport = DataSchemas['CleaningReport'];

export type CleanedCorpus = { corpusId: string; cleaningRunId: string; datasetVersionId: string; report: CleaningReport };

/** A generated multilingual corpus (with planted duplicates, junk and PII) uploaded as JSONL. */
export async function uploadCorpus(data: HttpClient, targetBytes: number, seed: number): Promise<{ corpusId: string; bytes: number; sha256: string }> {
  const lines = [...generateCorpus({ targetBytes, seed })].map(({ document }) => JSON.stringify({ id: document.id, text: document.text }));
  const body = Buffer.from(lines.join('\n'));
  const form = new FormData();
  form.append('file', new Blob([body]), `generated-${seed}.jsonl`);
  const corpus = await data.send<DataSchemas['UploadedCorpus']>('POST', '/corpora', form);
  return { corpusId: corpus.id, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') };
}

/** A text file uploaded as it is, one document per blank-line-separated passage. */
export async function uploadTextFile(data: HttpClient, file: string): Promise<{ corpusId: string; bytes: number }> {
  const body = await readFile(file);
  const form = new FormData();
  form.append('file', new Blob([body]), path.basename(file));
  const corpus = await data.send<DataSchemas['UploadedCorpus']>('POST', '/corpora?split=blank-lines', form);
  return { corpusId: corpus.id, bytes: body.length };
}

const GENERATED_CORPUS_SETTINGS = { language: { keep: ['en', 'de', 'fr', 'es', 'it'] } };

/** Starts a cleaning run and follows it with a progress bar until its dataset version exists. */
export async function cleanCorpus(
  data: HttpClient,
  corpusId: string,
  datasetName: string,
  out: NodeJS.WritableStream | null,
  settings: object = GENERATED_CORPUS_SETTINGS,
): Promise<CleanedCorpus> {
  const run = await data.post<DataSchemas['CleaningRun']>('/cleaning-runs', { corpusIds: [corpusId], datasetName, settings });
  const bar = out ? new SingleBar({ format: ' cleaning |{bar}| {percentage}% | {documents} documents', stream: out, hideCursor: true }) : null;
  bar?.start(100, 0, { documents: 0 });
  for (;;) {
    const state = await data.get<DataSchemas['CleaningRun']>(`/cleaning-runs/${run.id}`);
    bar?.update(Math.round(state.progress.fraction * 100), { documents: state.progress.documentsProcessed });
    if (state.status === 'failed') throw new ChainError(`cleaning run ${run.id} failed: ${state.error}`);
    if (state.status === 'succeeded') {
      bar?.stop();
      // A cleaning run's version carries a cleaning report (an annotation export's carries another).
      const version = await data.get<{ report: CleaningReport }>(`/dataset-versions/${state.datasetVersionId}`);
      return { corpusId, cleaningRunId: run.id, datasetVersionId: state.datasetVersionId!, report: version.report };
    }
    await sleep(500);
  }
}
