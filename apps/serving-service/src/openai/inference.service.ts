import { ApiKeyPrincipal } from '@llmchain/platform';
import { TokenConstraint } from '@llmchain/model-runtime';
import { Tokenizer } from '@llmchain/tokenizer';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AliasResolver } from '../aliases/alias-resolver.service';
import { OpenAiError } from '../common/openai-error';
import { BackgroundLanes } from '../engine/background-lanes.service';
import { BatchScheduler, QueueFullError } from '../engine/batch-scheduler';
import { GenerationRun, RunListener, RunResult } from '../engine/generation-run';
import { TokenReservation } from '../limits/admission-holds.service';
import { TokenAdmission } from '../limits/token-admission.service';
import { UsageMeter } from '../metering/usage-meter.service';
import { RequestUsage } from '../metering/usage-recorder.service';
import { ServingMetrics } from '../metrics/serving-metrics.service';
import { ModelRegistry } from '../models/model-registry.service';
import { LoadedModel } from '../models/served-model';
import { promptLogprobs, TokenLogprob } from './logprobs/token-logprobs';
import { readyModel } from './ready-model';
import { SamplingParams } from './request-parameters';

/** What an endpoint asks for: a model by name, how to turn its request into prompt ids, and the sampling fields. */
export interface GenerationRequest {
  params: SamplingParams;
  /** max_tokens or the endpoint's alias for it; 0 (completions only) scores the prompt and generates nothing. */
  maxTokens: number | null | undefined;
  encode(tokenizer: Tokenizer): { ids: number[]; eosTokenIds: number[] };
  /** Completions' echo with logprobs: the prompt tokens' logprobs, this many alternatives each. */
  promptLogprobs?: number;
  /** A fresh token constraint per choice for this model (structured outputs, tool calls); none when absent. */
  constraint?: (loaded: LoadedModel, eosTokenIds: number[], maxNewTokens: number) => () => TokenConstraint;
}

export interface StartedGeneration {
  requestId: string;
  model: string;
  created: number;
  promptTokens: number;
  promptIds: number[];
  tokenizer: Tokenizer;
  /** Each prompt token's logprob (the first null), when the request echoes them. */
  promptLogprobs?: (TokenLogprob | null)[];
  /** Absent for max_tokens 0: the prompt is scored and nothing generated. */
  run?: GenerationRun;
  /** Settles once the run ended and its usage is recorded. */
  finished: Promise<RunResult>;
}

/**
 * Admits a request to a model's batch: model lookup (404 / 503), prompt and context checks (400), quota and
 * rate limits (429), queue bounds (429), then metering of whatever the run consumed, exactly once.
 */
@Injectable()
export class InferenceService implements OnModuleDestroy {
  /** Runs not yet metered; shutdown waits for them so no consumed token goes unrecorded. */
  private readonly inFlight = new Set<Promise<RunResult>>();

  constructor(
    private readonly models: ModelRegistry,
    private readonly admission: TokenAdmission,
    private readonly meter: UsageMeter,
    private readonly metrics: ServingMetrics,
    private readonly backgroundLanes: BackgroundLanes,
    private readonly aliases: AliasResolver,
  ) {}

  /**
   * background: a Batch API request. It runs from spare capacity, is admitted in the batch lane's own per-minute
   * windows (credits and budgets as any request), and skips the usage meter: its runner records its usage (on the
   * batch meter) in the same statement as its answer, so it is billed once.
   */
  async start(
    principal: ApiKeyPrincipal,
    request: GenerationRequest,
    listener: RunListener,
    idPrefix: string,
    priority: 'interactive' | 'background' = 'interactive',
  ): Promise<StartedGeneration> {
    const metered = priority === 'interactive';
    this.admission.prefetch(principal.tenantId);
    // The name called, or for an alias the version drawn for this request: it answers, is metered and billed, and
    // names itself in every chunk (a base's name, or `<base>:<adapter>`, each its own model).
    const modelName = await this.aliases.resolve(principal.tenantId, request.params.model);
    const loaded = readyModel(this.models, principal.tenantId, modelName);
    const { ids, eosTokenIds } = request.encode(loaded.tokenizer);
    refuseIdsOutsideVocabulary(ids, loaded.model.shape.vocabSize);
    const contextLength = loaded.model.shape.contextLength;
    const maxNewTokens = this.tokenBudget(ids.length, request.maxTokens, contextLength);
    const choices = request.params.n ?? 1;
    const modelEos = [...new Set([loaded.model.tokens.eosTokenId, ...(loaded.model.tokens.eosTokenIds ?? []), ...eosTokenIds])];
    // Compiled (or found cached) before admission: a schema the budget cannot hold is a 400 that costs nothing.
    const constraint = maxNewTokens === 0 ? undefined : request.constraint?.(loaded, modelEos, maxNewTokens);
    const admitting = this.admission.admit(principal, ids.length + maxNewTokens * choices, metered ? 'interactive' : 'batch');
    // Awaited below; a refusal that comes while another await is pending is not an unhandled rejection meanwhile.
    admitting.catch(() => undefined);
    const share = await this.admission.shareOf(principal.tenantId);
    const tenantLabel = this.metrics.tenantLabel(principal.tenantId);
    const promptLogprobsOf = () => (request.promptLogprobs === undefined ? undefined : promptLogprobs(loaded.model, loaded.adapter, ids, request.promptLogprobs));
    const begun = { model: modelName, created: Math.floor(Date.now() / 1000), promptTokens: ids.length, promptIds: ids, tokenizer: loaded.tokenizer };
    if (maxNewTokens === 0) return this.scoreOnly(principal, idPrefix, await admitting, begun, promptLogprobsOf, metered);
    const stops = request.params.stop === undefined || request.params.stop === null ? [] : [request.params.stop].flat();
    const requestId = `${idPrefix}-${randomUUID()}`;
    const usageSoFar = (completionTokens: number): RequestUsage => ({
      requestId,
      tenantId: principal.tenantId,
      apiKeyId: principal.apiKeyId,
      model: modelName,
      promptTokens: ids.length,
      completionTokens,
    });
    // Tokens count (metrics, metering) once the request is admitted: a run started before its verdict and then refused
    // leaves nothing behind.
    let admitted = false;
    let generatedBeforeAdmission = 0;
    const countGenerated = (gapMs: number | undefined, completionTokens: number) => {
      this.metrics.generatedTokens.inc({ model: modelName });
      this.metrics.tenantTokens.inc({ tenant: tenantLabel, kind: 'completion' });
      if (gapMs !== undefined) this.metrics.interTokenLatency.observe({ model: modelName }, gapMs / 1000);
      // The first token means the prompt was prefilled: from here on the request is billable.
      if (!metered) return;
      if (completionTokens === 1) this.meter.reserve(usageSoFar(completionTokens));
      else this.meter.progress(requestId, completionTokens);
    };
    const run = new GenerationRun(
      {
        prompt: ids,
        maxNewTokens,
        choices,
        temperature: request.params.temperature ?? 1,
        topP: request.params.top_p ?? 1,
        seed: request.params.seed ?? undefined,
        stops,
        eosTokenIds: modelEos,
        decode: (tokens) => loaded.tokenizer.decode(tokens, { skipSpecialTokens: true }),
        textStream: () => loaded.tokenizer.createStreamDecoder({ skipSpecialTokens: true }),
        adapter: loaded.adapter,
        constraint,
        share,
      },
      listener,
      (gapMs, completionTokens) => {
        if (admitted) countGenerated(gapMs, completionTokens);
        else generatedBeforeAdmission = completionTokens;
      },
    );
    // An idle model prefills a one-choice prompt while admission is decided (a Redis round trip, ~0.4 ms of a one-stream
    // TTFT of ~6 ms on the 2-core machines): it takes nothing from anyone, and the tokens wait in the responder until admitted.
    const startsEarly =
      metered && choices === 1 && request.promptLogprobs === undefined && loaded.scheduler.idle && this.admission.mayStartBeforeAdmission(principal.tenantId);
    const reservation = startsEarly ? await this.admitWhileRunning(run, loaded.scheduler, modelName, admitting) : await admitting;
    let scored: (TokenLogprob | null)[] | undefined;
    if (!startsEarly) {
      try {
        // Before the run joins the batch: a prompt that cannot be scored costs nothing.
        scored = await promptLogprobsOf();
        run.start(metered ? loaded.scheduler : this.backgroundLanes.of(loaded.scheduler));
      } catch (error) {
        await this.admission.settle(reservation, 0);
        if (error instanceof QueueFullError) throw OpenAiError.rateLimited(`The model ${modelName} is overloaded: ${error.message}.`, 1);
        throw error;
      }
    }
    admitted = true;
    for (let count = 1; count <= generatedBeforeAdmission; count++) countGenerated(undefined, count);
    const finished = run.done.then(async (result) => {
      if (result.timeToFirstTokenMs !== undefined) this.metrics.timeToFirstToken.observe({ model: modelName }, result.timeToFirstTokenMs / 1000);
      if (result.queuedMs !== undefined) this.metrics.tenantQueueTime.observe({ tenant: tenantLabel }, result.queuedMs / 1000);
      if (result.promptTokens > 0) {
        this.metrics.promptTokens.inc({ model: modelName }, result.promptTokens);
        this.metrics.tenantTokens.inc({ tenant: tenantLabel, kind: 'prompt' }, result.promptTokens);
      }
      if (metered && result.promptTokens + result.completionTokens > 0) {
        await this.meter.settle({ ...usageSoFar(result.completionTokens), promptTokens: result.promptTokens });
      }
      await this.admission.settle(reservation, result.promptTokens + result.completionTokens);
      return result;
    });
    this.inFlight.add(finished);
    void finished.catch(() => undefined).finally(() => this.inFlight.delete(finished));
    return { ...begun, requestId, promptLogprobs: scored, run, finished };
  }

  /**
   * Starts a one-choice run on an idle model (its empty queue takes one sequence whatever its bounds) before the
   * request's admission is decided; a refusal cancels it, unmetered.
   */
  private async admitWhileRunning(run: GenerationRun, scheduler: BatchScheduler, modelName: string, admitting: Promise<TokenReservation>): Promise<TokenReservation> {
    run.start(scheduler);
    try {
      return await admitting;
    } catch (refusal) {
      run.cancel();
      this.metrics.discardedPrefills.inc({ model: modelName });
      throw refusal;
    }
  }

  /** max_tokens 0: the prompt's logprobs (lm-evaluation-harness's log-likelihood requests), metered as prompt tokens. */
  private async scoreOnly(
    principal: ApiKeyPrincipal,
    idPrefix: string,
    reservation: TokenReservation,
    begun: Omit<StartedGeneration, 'requestId' | 'finished'>,
    score: () => Promise<(TokenLogprob | null)[]> | undefined,
    metered: boolean,
  ): Promise<StartedGeneration> {
    const requestId = `${idPrefix}-${randomUUID()}`;
    let scored: (TokenLogprob | null)[] | undefined;
    try {
      scored = await score();
    } catch (error) {
      await this.admission.settle(reservation, 0);
      throw error;
    }
    const result: RunResult = { outcome: 'completed', promptTokens: begun.promptTokens, completionTokens: 0 };
    const usage = { requestId, tenantId: principal.tenantId, apiKeyId: principal.apiKeyId, model: begun.model, promptTokens: begun.promptTokens, completionTokens: 0 };
    this.metrics.promptTokens.inc({ model: begun.model }, begun.promptTokens);
    const finished = (metered ? this.meter.settle(usage) : Promise.resolve()).then(async () => {
      await this.admission.settle(reservation, begun.promptTokens);
      return result;
    });
    return { ...begun, requestId, promptLogprobs: scored, finished };
  }

  /**
   * Shutdown (SIGTERM): running generations end now, as failed, and their usage is recorded before the platform
   * closes the database (its hook runs after every module's destroy hook).
   */
  async onModuleDestroy(): Promise<void> {
    const shuttingDown = new OpenAiError(503, 'The server is shutting down; retry the request.', 'service_unavailable', null, 'server_shutting_down', 1);
    this.backgroundLanes.abortAll(shuttingDown);
    this.models.abortAll(shuttingDown);
    await Promise.allSettled([...this.inFlight]);
  }

  /** max_tokens, or what the context leaves; the prompt plus it must fit the context (OpenAI's 400 with the numbers). */
  private tokenBudget(promptTokens: number, maxTokens: number | null | undefined, contextLength: number): number {
    if (promptTokens === 0) throw OpenAiError.invalid('The prompt is empty: it must hold at least one token.', 'prompt');
    const budget = maxTokens ?? contextLength - promptTokens;
    // max_tokens 0 only scores the prompt; otherwise at least one token must fit after it.
    const completion = maxTokens === 0 ? 0 : Math.max(budget, 1);
    if (promptTokens + completion > contextLength) {
      throw OpenAiError.invalid(
        `This model's maximum context length is ${contextLength} tokens. However, you requested ${promptTokens + completion} tokens ` +
          `(${promptTokens} in the prompt, ${completion} for the completion). Please reduce the prompt or max_tokens.`,
        maxTokens ? 'max_tokens' : 'messages',
        'context_length_exceeded',
      );
    }
    return budget;
  }
}

/** Token ids given as the prompt are taken as they are: one past the vocabulary would fail inside the model (a 500). */
function refuseIdsOutsideVocabulary(ids: number[], vocabSize: number): void {
  const outOfRange = ids.find((id) => id >= vocabSize);
  if (outOfRange !== undefined) {
    throw OpenAiError.invalid(`The prompt holds token id ${outOfRange}, outside this model's vocabulary of ${vocabSize} ids.`, 'prompt', 'invalid_value');
  }
}
