// Worker thread of SessionThread: opens the graph's session here and runs what the owning thread sends, in order,
// keeping the last LoRA inputs for the runs that reuse them.
import * as ort from 'onnxruntime-node';
import { parentPort, workerData } from 'node:worker_threads';
import { sessionCache } from './session-cache';
import { SessionThreadData, SessionThreadReply, SessionThreadRequest, WireTensor } from './session-thread-protocol';

const { file, provider, threads } = workerData as SessionThreadData;
const port = parentPort as NonNullable<typeof parentPort>;
const post = (reply: SessionThreadReply) => port.postMessage(reply, ('lent' in reply && reply.lent) || []);
const tensors = (wire: Record<string, WireTensor>) =>
  Object.fromEntries(Object.entries(wire).map(([name, t]) => [name, new ort.Tensor(t.type, t.data, t.dims)]));
let lora: Record<string, ort.Tensor> = {};

async function run(session: ort.InferenceSession, request: Extract<SessionThreadRequest, { kind: 'run' }>): Promise<void> {
  if (request.lora) lora = tensors(request.lora);
  const results = await session.run({ ...tensors(request.feeds), ...lora });
  const outputs = Object.fromEntries(Object.entries(results).map(([name, tensor]) => [name, tensor.data as Float32Array]));
  post({ kind: 'result', id: request.id, outputs, lent: request.lent });
}

sessionCache.get(file, provider, threads).then(
  (session) => {
    let queue = Promise.resolve();
    port.on('message', (request: SessionThreadRequest) => {
      if (request.kind === 'close') {
        // Ending with the session released and no run in hand: terminating mid-run can abort the process.
        queue = queue.then(async () => {
          await sessionCache.clear();
          port.close();
        });
        return;
      }
      queue = queue.then(() => run(session, request).catch((error: Error) => post({ kind: 'failed', id: request.id, message: error.message, lent: request.lent })));
    });
    post({ kind: 'ready', inputMetadata: [...session.inputMetadata] });
  },
  (error: Error) => post({ kind: 'failed', message: error.message }),
);
