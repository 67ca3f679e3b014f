// Worker thread of importInThread: runs importHfModelDirectory (synchronous tensor reads and graph building for
// minutes on a real base) off the event loop that renews the queue lock and records progress.
import { importHfModelDirectory, ModelImportError } from '@llmchain/model-runtime';
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportThreadMessage, ImportThreadRequest } from './import-in-thread';

const request = workerData as ImportThreadRequest;
const post = (message: ImportThreadMessage) => parentPort!.postMessage(message);

importHfModelDirectory(request.sourceDir, request.outDir, { variants: request.variants, onProgress: (progress) => post({ type: 'progress', progress }) })
  .then((result) => post({ type: 'done', result }))
  .catch((error: Error) => post({ type: 'failed', field: error instanceof ModelImportError ? error.field : null, message: error.message }));
