import { MeanPooledEmbedder, MissingGraphOutputError } from '@llmchain/model-runtime';
import { ApiKeyPrincipal } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AliasResolver } from '../aliases/alias-resolver.service';
import { OpenAiError } from '../common/openai-error';
import { BackgroundLanes } from '../engine/background-lanes.service';
import { TokenAdmission } from '../limits/token-admission.service';
import { UsageRecorder } from '../metering/usage-recorder.service';
import { ServingMetrics } from '../metrics/serving-metrics.service';
import { ModelRegistry } from '../models/model-registry.service';
import { LoadedModel } from '../models/served-model';
import { embeddingInputs, EmbeddingRequest, MAX_EMBEDDING_REQUEST_TOKENS } from './embedding-parameters';
import { readyModel } from './ready-model';

export interface Embeddings {
  model: string;
  vectors: Float32Array[];
  promptTokens: number;
}

/**
 * Embeds a request's inputs with the model's mean-pooled final hidden states: model lookup (404 / 503), input
 * checks (400), quota and rate limits (429), then one usage.recorded with the prompt tokens and no completion,
 * recorded before the answer goes out.
 */
@Injectable()
export class EmbeddingsService {
  constructor(
    private readonly models: ModelRegistry,
    private readonly admission: TokenAdmission,
    private readonly usage: UsageRecorder,
    private readonly metrics: ServingMetrics,
    private readonly aliases: AliasResolver,
    private readonly backgroundLanes: BackgroundLanes,
  ) {}

  async embed(principal: ApiKeyPrincipal, request: EmbeddingRequest): Promise<Embeddings> {
    const params = await this.onVersion(principal.tenantId, request);
    const { sequences, promptTokens, embedder } = await this.prepare(principal.tenantId, params);
    const reservation = await this.admission.admit(principal, promptTokens, 'interactive');
    let vectors: Float32Array[];
    try {
      vectors = await embedder.embed(sequences);
      await this.usage.settle({
        requestId: `embd-${randomUUID()}`,
        tenantId: principal.tenantId,
        apiKeyId: principal.apiKeyId,
        model: params.model,
        promptTokens,
        completionTokens: 0,
      });
    } catch (error) {
      await this.admission.settle(reservation, 0);
      throw error;
    }
    // Takes the tokens off a prepaid balance (the per-minute windows already hold exactly these).
    await this.admission.settle(reservation, promptTokens);
    this.metrics.promptTokens.inc({ model: params.model }, promptTokens);
    return { model: params.model, vectors, promptTokens };
  }

  /**
   * A Batch API request's embeddings: the same checks and vectors, admitted in the batch lane's own per-minute
   * windows (credits and budgets as any request), computed from the model's spare capacity like a batch's
   * completions, and not metered (its runner bills it on the batch meter with its answer).
   */
  async embedInBatch(principal: ApiKeyPrincipal, request: EmbeddingRequest): Promise<Embeddings> {
    const params = await this.onVersion(principal.tenantId, request);
    const { sequences, promptTokens, embedder, scheduler } = await this.prepare(principal.tenantId, params);
    const reservation = await this.admission.admit(principal, promptTokens, 'batch');
    let vectors: Float32Array[];
    try {
      await this.backgroundLanes.of(scheduler).whenSpare();
      vectors = await embedder.embed(sequences);
    } catch (error) {
      await this.admission.settle(reservation, 0);
      throw error;
    }
    await this.admission.settle(reservation, promptTokens);
    this.metrics.promptTokens.inc({ model: params.model }, promptTokens);
    return { model: params.model, vectors, promptTokens };
  }

  /** The request as the version that answers it: an alias's version drawn once, used for the answer and the usage. */
  private async onVersion(tenantId: string, request: EmbeddingRequest): Promise<EmbeddingRequest> {
    return { ...request, model: await this.aliases.resolve(tenantId, request.model) };
  }

  private async prepare(tenantId: string, params: EmbeddingRequest): Promise<{ sequences: number[][]; promptTokens: number; embedder: MeanPooledEmbedder; scheduler: LoadedModel['scheduler'] }> {
    const loaded = readyModel(this.models, tenantId, params.model);
    const modelName = params.model;
    const dimensions = loaded.model.shape.hiddenSize;
    if (params.dimensions !== undefined && params.dimensions !== null && params.dimensions !== dimensions) {
      throw OpenAiError.invalid(
        `The model \`${modelName}\` gives ${dimensions}-dimensional embeddings and cannot shorten them; remove dimensions or set it to ${dimensions}.`,
        'dimensions',
        'unsupported_parameter',
      );
    }
    const sequences = this.encode(loaded, embeddingInputs(params.input));
    const promptTokens = sequences.reduce((sum, ids) => sum + ids.length, 0);
    if (!loaded.embedder) {
      throw OpenAiError.invalid(`The model \`${modelName}\` is an adapter and gives no embeddings; ask its base model.`, 'model', 'model_not_supported');
    }
    const embedder = await loaded.embedder().catch((error: Error) => {
      if (error instanceof MissingGraphOutputError) {
        throw OpenAiError.invalid(`The model \`${modelName}\` cannot give embeddings: ${error.message}.`, 'model', 'model_not_supported');
      }
      throw error;
    });
    return { sequences, promptTokens, embedder, scheduler: loaded.scheduler };
  }

  /** Token ids per input, checked against the vocabulary and the context length with messages naming the input. */
  private encode(loaded: LoadedModel, inputs: (string | number[])[]): number[][] {
    const { vocabSize, contextLength } = loaded.model.shape;
    const sequences = inputs.map((input) => (typeof input === 'string' ? loaded.tokenizer.encode(input, { allowedSpecial: 'none' }) : input));
    sequences.forEach((ids, index) => {
      const where = inputs.length > 1 ? `input[${index}]` : 'The input';
      const outOfRange = ids.find((id) => id >= vocabSize);
      if (outOfRange !== undefined) {
        throw OpenAiError.invalid(`${where} holds token id ${outOfRange}, outside this model's vocabulary of ${vocabSize} ids.`, 'input', 'invalid_value');
      }
      if (ids.length > contextLength) {
        throw OpenAiError.invalid(
          `This model's maximum context length is ${contextLength} tokens, however ${where} has ${ids.length} tokens. Please shorten it.`,
          'input',
          'context_length_exceeded',
        );
      }
    });
    const total = sequences.reduce((sum, ids) => sum + ids.length, 0);
    if (total > MAX_EMBEDDING_REQUEST_TOKENS) {
      throw OpenAiError.invalid(`The inputs hold ${total} tokens; one request may embed at most ${MAX_EMBEDDING_REQUEST_TOKENS}. Split them over several requests.`, 'input');
    }
    return sequences;
  }
}
