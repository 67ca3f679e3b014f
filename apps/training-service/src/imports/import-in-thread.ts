import { ImportedModel, ImportProgress, ModelImportError, ModelVariant } from '@llmchain/model-runtime';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export type ImportThreadRequest = { sourceDir: string; outDir: string; variants: ModelVariant[] };
export type ImportThreadMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; result: ImportedModel }
  | { type: 'failed'; field: string | null; message: string };

/**
 * importHfModelDirectory on a worker thread: the caller's event loop stays free (queue lock renewal, progress
 * writes, a CLI's progress bar). A ModelImportError comes back as one, with its field.
 */
export function importInThread(request: ImportThreadRequest, onProgress: (progress: ImportProgress) => void): Promise<ImportedModel> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'import-thread.ts'), {
      workerData: request,
      // The thread is TypeScript: it needs the same on-the-fly compiler as the services and scripts.
      execArgv: ['-r', '@swc-node/register'],
    });
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      finish();
      void worker.terminate();
    };
    worker.on('message', (message: ImportThreadMessage) => {
      if (message.type === 'progress') onProgress(message.progress);
      else if (message.type === 'done') settle(() => resolve(message.result));
      else settle(() => reject(message.field === null ? new Error(message.message) : new ModelImportError(message.field, message.message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the import thread exited with code ${code} before finishing`))));
  });
}
