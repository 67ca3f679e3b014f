import { ApiKeyPrincipal, ROOT_LOGGER } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { OpenAiError } from '../common/openai-error';
import { SERVING_CONFIG, ServingConfig } from '../config/serving-config';
import { ServingInstance } from '../metering/serving-instance.service';
import { BatchAnswerRecorder } from './batch-answer-recorder';
import { BatchEndpoint } from './batch-endpoints';
import { BatchLifecycle } from './batch-lifecycle';
import { BatchRequestExecutor, isRateLimited } from './batch-request-executor';
import { BatchesRepository, ClaimedRequest } from './batches.repository';

/** How long a request the engine could not run now (model loading, process stopping) waits before another try. */
const RETRY_AFTER_MS = 1000;

/**
 * Each serving process runs batches from the database: every BATCH_POLL_MS it validates and finalizes what is due,
 * renews the leases of the requests it runs, and claims more, up to BATCH_CONCURRENCY at once, each run in the
 * background priority class. A request's answer and usage are written together and only under this process's
 * lease (BatchAnswerRecorder); a request this process could not finish is released, or its lease runs out when the
 * process died, and another process (or this one's successor) runs it again.
 */
@Injectable()
export class BatchRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly running = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private stopping = false;
  private readonly logger: Logger;

  constructor(
    private readonly batches: BatchesRepository,
    private readonly lifecycle: BatchLifecycle,
    private readonly executor: BatchRequestExecutor,
    private readonly answers: BatchAnswerRecorder,
    private readonly instance: ServingInstance,
    @Inject(SERVING_CONFIG) private readonly config: ServingConfig,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.logger = rootLogger.child({ component: 'batch-runner' });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.BATCH_POLL_MS);
    this.timer.unref();
  }

  /** Claims nothing more; the engine fails what runs (InferenceService's own destroy hook), and those are released. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.running.values()]);
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.stopping) return;
    this.ticking = true;
    try {
      while ((await this.lifecycle.validateNext()) && !this.stopping);
      while ((await this.lifecycle.finalizeNext()) && !this.stopping);
      const owner = this.instance.id;
      await this.batches.renew(owner, [...this.running.keys()].map(parseKey), this.config.BATCH_LEASE_MS);
      const room = this.config.BATCH_CONCURRENCY - this.running.size;
      if (room > 0 && !this.stopping) for (const request of await this.batches.claim(owner, room, this.config.BATCH_LEASE_MS)) this.start(request);
    } catch (err) {
      this.logger.warn({ err }, 'batch runner tick failed; trying again at the next');
    } finally {
      this.ticking = false;
    }
  }

  private start(request: ClaimedRequest): void {
    const key = `${request.batchId}\u0000${request.line}`;
    const run = this.run(request).finally(() => this.running.delete(key));
    this.running.set(key, run);
  }

  private async run(request: ClaimedRequest): Promise<void> {
    const owner = this.instance.id;
    const principal: ApiKeyPrincipal = { tenantId: request.tenantId, apiKeyId: request.apiKeyId, scopes: ['serving'] };
    try {
      const answer =
        request.attempts > this.config.BATCH_MAX_ATTEMPTS
          ? { statusCode: 500, body: new OpenAiError(500, 'The request failed on every try.', 'server_error').body, promptTokens: 0, completionTokens: 0 }
          : await this.executor.execute(principal, request.endpoint as BatchEndpoint, request.body);
      if (answer.statusCode === 404 && request.attempts < this.config.BATCH_MAX_ATTEMPTS && isModelNotFound(answer.body)) {
        // This process may not know the model yet (registered through another process, or it just started and has
        // not read served_models): only after its next model sync is the 404 the request's answer.
        await this.batches.release(owner, request, true, this.config.MODEL_SYNC_MS);
        return;
      }
      await this.answers.record(owner, request, answer);
    } catch (err) {
      // Not the request's fault: the engine failed, the model is not loaded yet, the process is stopping, or the batch
      // lane's per-minute window is full (then it waits for the next window, and the try does not count).
      const counted = !(err instanceof OpenAiError && err.status === 503) && !isRateLimited(err);
      const retryAfterMs = isRateLimited(err) ? ((err as OpenAiError).retryAfterSeconds ?? 1) * 1000 : RETRY_AFTER_MS;
      if (!isRateLimited(err)) this.logger.warn({ err, batchId: request.batchId, line: request.line }, 'batch request not answered; released for another try');
      await this.batches.release(owner, request, counted, retryAfterMs).catch(() => undefined);
    }
  }
}

const isModelNotFound = (body: object) => (body as { error?: { code?: unknown } }).error?.code === 'model_not_found';

function parseKey(key: string): { batchId: string; line: number } {
  const [batchId, line] = key.split('\u0000');
  return { batchId, line: Number(line) };
}
