import { SingleBar } from 'cli-progress';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateCorpus } from '../../corpus-generator/generate-corpus';
import { ChainError, HttpClient } from './http-client';

export type CleaningReport = {
  documentsIn: number;
  bytesIn: number;
  documentsOut: number;
  bytesOut: number;
  redactedDocuments: number;
  removedByRule: Record<string, number>;
  languages: Record<string, number>;
  pii: Record<string, number>;
  duplicateClusterCount: number;
  estimatedTokens: number;
};

export type CleanedCorpus = { corpusId: string; cleaningRunId: string; datasetVersionId: string; report: CleaningReport };

/** A generated multilingual corpus (with planted duplicates, junk and PII) uploaded as JSONL. */
export async function uploadCorpus(data: HttpClient, targetBytes: number, seed: number): Promise<{ corpusId: string; bytes: number }> {
  const lines = [...generateCorpus({ targetBytes, seed })].map(({ document }) => JSON.stringify({ id: document.id, text: document.text }));
  const body = Buffer.from(lines.join('\n'));
  const form = new FormData();
  form.append('file', new Blob([body]), `generated-${seed}.jsonl`);
  const corpus = await data.send<{ id: string }>('POST', '/corpora', form);
  return { corpusId: corpus.id, bytes: body.length };
}

/** Starts a cleaning run and follows it with a progress bar until its dataset version exists. */
export async function cleanCorpus(data: HttpClient, corpusId: string, datasetName: string, out: NodeJS.WritableStream | null): Promise<CleanedCorpus> {
  const run = await data.post<{ id: string }>('/cleaning-runs', {
    corpusIds: [corpusId],
    datasetName,
    settings: { language: { keep: ['en', 'de', 'fr', 'es', 'it'] } },
  });
  const bar = out ? new SingleBar({ format: ' cleaning |{bar}| {percentage}% | {documents} documents', stream: out, hideCursor: true }) : null;
  bar?.start(100, 0, { documents: 0 });
  for (;;) {
    const state = await data.get<{ status: string; error: string | null; datasetVersionId: string | null; progress: { fraction: number; documentsProcessed: number } }>(
      `/cleaning-runs/${run.id}`,
    );
    bar?.update(Math.round(state.progress.fraction * 100), { documents: state.progress.documentsProcessed });
    if (state.status === 'failed') throw new ChainError(`cleaning run ${run.id} failed: ${state.error}`);
    if (state.status === 'succeeded') {
      bar?.stop();
      const version = await data.get<{ report: CleaningReport }>(`/dataset-versions/${state.datasetVersionId}`);
      return { corpusId, cleaningRunId: run.id, datasetVersionId: state.datasetVersionId!, report: version.report };
    }
    await sleep(500);
  }
}
