import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { QualityModel } from '../classifier/logistic-regression';
import { CleaningSettings } from '../config';
import { Removal, SourceDocument } from '../decision';
import { emptyStageTimes, STAGES, StageTimes } from '../prepare';
import type { PreparedWithRedaction, PrepareMessage, PrepareRequest, PrepareResponse, PrepareWorkerData } from './prepare-worker';
import { WorkerProgress } from './worker-progress';

const BATCH_DOCUMENTS = 64;
/** A batch also closes at this much text, so in-flight memory stays bounded whatever the document sizes. */
const BATCH_CHARS = 4 * 1024 * 1024;
const BATCHES_IN_FLIGHT_PER_WORKER = 2;
/** How often close() looks whether a worker it waits for is stuck in a document past the budget. */
const CLOSE_POLL_MS = 250;

export type ParallelPreparerOptions = {
  workers: number;
  qualityModel?: QualityModel;
  /**
   * Most milliseconds one document may spend in the per-document stages. A document past it is removed with rule
   * `too_slow` (figure: milliseconds spent; limit: the budget): its worker is stopped and replaced, and the rest of its
   * batches go to the replacement. Unset: no budget.
   */
  documentBudgetMs?: number;
  /**
   * Whether the caller reads a redacted document's text before redaction (the contamination rule does): only then do
   * the workers send that text back beside the redacted one. Default: when the settings enable the contamination rule.
   */
  readsTextBeforeRedaction?: boolean;
};

/** One worker thread, what it is doing, and the batches it has not answered yet (in the order sent). */
type Slot = { worker: Worker; progress: WorkerProgress; inFlight: number[] };
type SentBatch = { slot: number; documents: SourceDocument[]; removed: Record<number, Removal> };

/**
 * The per-document stages (and PII redaction) spread over worker threads, results handed back in input order. Batches
 * go out round-robin, at most two per worker at a time (bounded memory), and come back in any order. The calling
 * thread never runs a document's text through a stage, so its event loop stays free whatever the documents hold.
 */
export class ParallelPreparer {
  private readonly slots: Slot[];
  private readonly workerStageMs = emptyStageTimes();
  private readonly budgetMs: number | undefined;
  private readonly qualityModel: QualityModel | undefined;
  private readonly readsTextBeforeRedaction: boolean;
  private readonly sent = new Map<number, SentBatch>();
  private readonly results = new Map<number, PrepareResponse>();
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly settings: CleaningSettings,
    options: ParallelPreparerOptions,
  ) {
    this.budgetMs = options.documentBudgetMs;
    this.qualityModel = options.qualityModel;
    this.readsTextBeforeRedaction = options.readsTextBeforeRedaction ?? settings.contamination.enabled;
    this.slots = Array.from({ length: Math.max(1, options.workers) }, (_, index) => this.startWorker(index));
  }

  /** Time spent per stage, summed over the worker threads. */
  get stageMs(): StageTimes {
    return { ...this.workerStageMs };
  }

  async *prepare(source: AsyncIterable<SourceDocument> | Iterable<SourceDocument>): AsyncGenerator<PreparedWithRedaction> {
    let sent = 0;
    let next = 0;
    const maxInFlight = this.slots.length * BATCHES_IN_FLIGHT_PER_WORKER;
    const send = (documents: SourceDocument[]) => {
      const batch = sent++;
      const slot = batch % this.slots.length;
      this.sent.set(batch, { slot, documents, removed: {} });
      this.slots[slot].inFlight.push(batch);
      this.post(batch);
    };
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- an async generator has no arrow form that keeps `this`
    const self = this;
    async function* drain(until: number): AsyncGenerator<PreparedWithRedaction> {
      while (next < until) {
        const response = self.results.get(next);
        if (!response) {
          if (self.failure) throw self.failure;
          await new Promise<void>((resolve) => (self.wake = resolve));
          self.wake = null;
          continue;
        }
        self.results.delete(next++);
        for (const stage of STAGES) self.workerStageMs[stage] += response.stageMs[stage];
        yield* response.prepared;
      }
    }

    const watchdog = this.budgetMs === undefined ? null : setInterval(() => this.stopSlowWorkers(), Math.min(250, Math.max(10, this.budgetMs / 4)));
    try {
      let batch: SourceDocument[] = [];
      let batchChars = 0;
      for await (const document of source) {
        batch.push(document);
        batchChars += document.text.length;
        if (batch.length < BATCH_DOCUMENTS && batchChars < BATCH_CHARS) continue;
        send(batch);
        batch = [];
        batchChars = 0;
        if (sent - next >= maxInFlight) yield* drain(next + 1);
      }
      if (batch.length > 0) send(batch);
      yield* drain(sent);
    } finally {
      if (watchdog) clearInterval(watchdog);
    }
  }

  /**
   * Ends the workers: each is asked to, and ends once the batches sent to it are answered. Terminating a thread while
   * it runs native code (still loading its modules through @swc-node/register's compiler, or in CLD2) kills the whole
   * process (SIGSEGV, or SIGABRT on an uncaught `Napi::Error`): a run of one batch, done before the second worker had
   * loaded, took data-service down so. Only a worker stuck in one document past the budget is terminated (it is past
   * loading and in a stage's JavaScript, as in stopSlowWorkers).
   */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.endWorker(slot)));
  }

  private async endWorker({ worker, progress }: Slot): Promise<void> {
    // -1 once it has exited (a failed worker): no 'exit' would come.
    if (worker.threadId === -1) return;
    const exited = once(worker, 'exit').then(() => true, () => true);
    worker.postMessage('close' satisfies PrepareMessage);
    while (!(await Promise.race([exited, delay(CLOSE_POLL_MS, false, { ref: false })]))) {
      if (this.budgetMs !== undefined && progress.overBudget(this.budgetMs)) await stopWorker(worker);
    }
  }

  private startWorker(index: number): Slot {
    const progress = new WorkerProgress();
    const worker = new Worker(path.join(__dirname, 'prepare-worker.ts'), {
      workerData: {
        settings: this.settings,
        qualityModel: this.qualityModel,
        readsTextBeforeRedaction: this.readsTextBeforeRedaction,
        slots: progress.slots,
        startedAt: progress.startedAt,
      } satisfies PrepareWorkerData,
      // The worker is TypeScript: it needs the same on-the-fly compiler as the services and scripts.
      execArgv: ['-r', '@swc-node/register'],
    });
    worker.on('message', (response: PrepareResponse) => {
      const { inFlight } = this.slots[index];
      if (inFlight.includes(response.batch)) inFlight.splice(inFlight.indexOf(response.batch), 1);
      const { documents } = this.sent.get(response.batch)!;
      for (const unchanged of response.unchangedText) response.prepared[unchanged].text = documents[unchanged].text;
      this.sent.delete(response.batch);
      this.results.set(response.batch, response);
      this.wake?.();
    });
    worker.on('error', (error: Error) => {
      this.failure = error;
      this.wake?.();
    });
    return { worker, progress, inFlight: [] };
  }

  private post(batch: number): void {
    const { slot, documents, removed } = this.sent.get(batch)!;
    this.slots[slot].worker.postMessage({ batch, documents, removed } satisfies PrepareRequest);
  }

  /**
   * A worker past the budget on a document is stuck in it (a stage cannot be interrupted from inside): the document is
   * decided as removed, the worker terminated, and its unanswered batches sent again, in order, to a fresh one.
   */
  private stopSlowWorkers(): void {
    this.slots.forEach((slot, index) => {
      const late = slot.progress.overBudget(this.budgetMs!);
      const batch = late && this.sent.get(late.batch);
      if (!late || !batch || batch.slot !== index) return;
      batch.removed[late.index] = { rule: 'too_slow', figure: late.ms, limit: this.budgetMs };
      slot.worker.removeAllListeners('message').removeAllListeners('error').on('error', () => undefined);
      // Stuck in a document: past loading, and in a stage's JavaScript (close() says why that matters).
      void stopWorker(slot.worker);
      const replacement = this.startWorker(index);
      this.slots[index] = { ...replacement, inFlight: slot.inFlight };
      for (const pending of slot.inFlight) this.post(pending);
    });
  }
}

async function stopWorker(worker: Worker): Promise<void> {
  const exited = once(worker, 'exit');
  await worker.terminate();
  await exited.catch(() => undefined);
}
