import { ApiKeyPrincipal } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OpenAiError } from '../common/openai-error';
import { chatCompletionCall, textCompletionCall } from '../openai/completion-requests';
import { CompletionResponder } from '../openai/completion-responder';
import { embeddingSchema } from '../openai/embedding-parameters';
import { embeddingsResponse } from '../openai/embeddings-response';
import { EmbeddingsService } from '../openai/embeddings.service';
import { InferenceService } from '../openai/inference.service';
import { parseRequest } from '../openai/request-parameters';
import { BatchEndpoint } from './batch-endpoints';

/** A request's answer as its endpoint would have sent it, and the tokens to bill for it. */
export type BatchAnswer = { statusCode: number; body: object; promptTokens: number; completionTokens: number };

type Usage = { prompt_tokens: number; completion_tokens?: number };

/**
 * Runs one batch request through the same code as its endpoint (same checks, same admission, same response body),
 * in the background priority class, in the batch lane's per-minute windows and without the usage meter: the runner
 * bills the answer. A refusal the endpoint would answer with 4xx, or a 429 for used-up credits, quota or a hard
 * budget, is the request's answer; a full per-minute window is thrown (BatchRunner tries again after it), as is
 * anything else (the engine failed, the model is loading, the process is stopping).
 */
@Injectable()
export class BatchRequestExecutor {
  constructor(
    private readonly inference: InferenceService,
    private readonly embeddings: EmbeddingsService,
  ) {}

  async execute(principal: ApiKeyPrincipal, endpoint: BatchEndpoint, body: unknown): Promise<BatchAnswer> {
    try {
      const answer = endpoint === '/v1/embeddings' ? await this.embed(principal, body) : await this.complete(principal, endpoint, body);
      const usage = (answer as { usage: Usage }).usage;
      return { statusCode: 200, body: answer, promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens ?? 0 };
    } catch (error) {
      if (error instanceof OpenAiError && error.status < 500 && !isRateLimited(error)) {
        return { statusCode: error.status, body: error.body, promptTokens: 0, completionTokens: 0 };
      }
      throw error;
    }
  }

  private async embed(principal: ApiKeyPrincipal, body: unknown): Promise<object> {
    const params = parseRequest(embeddingSchema, body);
    const result = await this.embeddings.embedInBatch(principal, params);
    return embeddingsResponse(result, params.encoding_format);
  }

  private async complete(principal: ApiKeyPrincipal, endpoint: BatchEndpoint, body: unknown): Promise<object> {
    const { format, shown, request } = endpoint === '/v1/chat/completions' ? chatCompletionCall(body) : textCompletionCall(body);
    const capture = new CapturedResponse();
    const responder = new CompletionResponder(format, false, false, CONNECTED_REQUEST, capture as unknown as ServerResponse, shown);
    const started = await this.inference.start(principal, request, responder, format.idPrefix, 'background');
    await responder.respond(started, request.params.n ?? 1);
    if (capture.body === undefined) throw new Error('the completion ended without a response');
    return JSON.parse(capture.body) as object;
  }
}

/** A full per-minute window: the request waits for the next one instead of being answered. */
export const isRateLimited = (error: unknown): boolean => error instanceof OpenAiError && error.code === 'rate_limit_exceeded';

/** The responder's view of a client that never goes away. */
const CONNECTED_REQUEST = { socket: { destroyed: false } } as IncomingMessage;

/** What CompletionResponder writes for a whole (non-streamed) response, kept instead of sent. */
class CapturedResponse {
  headersSent = false;
  writableEnded = false;
  readonly destroyed = false;
  body?: string;

  on(): this {
    return this;
  }

  writeHead(): this {
    this.headersSent = true;
    return this;
  }

  end(body: string): void {
    this.body = body;
    this.writableEnded = true;
  }
}
