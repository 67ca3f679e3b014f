import { ApiKeyPrincipal } from '@llmchain/platform';
import { Body, Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthenticatedRequest, ServingApiKeyGuard } from '../auth/serving-api-key.guard';
import { CHAT_FORMAT, CompletionFormat, TEXT_FORMAT } from './completion-formats';
import { CompletionResponder, ResponseOptions } from './completion-responder';
import { LogprobsCollector } from './logprobs/logprobs-collector';
import { OpenAiError } from './openai-error';
import { grammarConstraint } from './output-grammar';
import { responseFormatGrammar } from './response-format';
import { toolCallFormat, toolCallGrammar } from './tools';
import { GenerationRequest, InferenceService } from './inference.service';
import { encodeChat, encodeCompletionPrompt } from './prompt-encoding';
import { chatCompletionSchema, completionSchema, parseRequest } from './request-parameters';

@Controller('v1')
@UseGuards(ServingApiKeyGuard)
export class CompletionsController {
  constructor(private readonly inference: InferenceService) {}

  @Post('chat/completions')
  async chat(@Body() body: unknown, @Req() req: IncomingMessage & AuthenticatedRequest, @Res() res: ServerResponse): Promise<void> {
    const params = parseRequest(chatCompletionSchema, body);
    const logprobs = params.logprobs ? new LogprobsCollector({ shape: 'chat', topCount: params.top_logprobs ?? 0 }) : undefined;
    // A forced tool call's grammar wins over response_format: the reply is then the call, not content.
    const toolCall = toolCallGrammar(params);
    const grammar = toolCall ?? responseFormatGrammar(params.response_format);
    await this.serve(req, res, toolCall ? toolCallFormat(CHAT_FORMAT) : CHAT_FORMAT, { logprobs }, {
      params,
      maxTokens: params.max_completion_tokens ?? params.max_tokens,
      encode: (tokenizer) => {
        const { ids, endOfTurn } = encodeChat(tokenizer, params.messages, params.tools ?? undefined);
        return { ids, eosTokenIds: [endOfTurn] };
      },
      constraint: grammar && grammarConstraint(grammar),
    });
  }

  @Post('completions')
  async complete(@Body() body: unknown, @Req() req: IncomingMessage & AuthenticatedRequest, @Res() res: ServerResponse): Promise<void> {
    const params = parseRequest(completionSchema, body);
    const logprobs = params.logprobs === undefined || params.logprobs === null ? undefined : new LogprobsCollector({ shape: 'text', topCount: params.logprobs });
    const echo = params.echo ?? false;
    if (params.max_tokens === 0 && !echo) throw OpenAiError.invalid('max_tokens 0 generates nothing: send echo: true (with logprobs) to score the prompt.', 'max_tokens');
    await this.serve(req, res, TEXT_FORMAT, { logprobs, echo }, {
      params,
      // OpenAI's legacy completions default to 16 tokens.
      maxTokens: params.max_tokens ?? 16,
      promptLogprobs: echo && logprobs ? params.logprobs ?? 0 : undefined,
      encode: (tokenizer) => ({ ids: encodeCompletionPrompt(tokenizer, params.prompt), eosTokenIds: [] }),
    });
  }

  private async serve(
    req: IncomingMessage & AuthenticatedRequest,
    res: ServerResponse,
    format: CompletionFormat,
    shown: ResponseOptions,
    request: GenerationRequest,
  ): Promise<void> {
    const stream = request.params.stream ?? false;
    const responder = new CompletionResponder(format, stream, stream && (request.params.stream_options?.include_usage ?? false), req, res, shown);
    const started = await this.inference.start(req.apiKey as ApiKeyPrincipal, request, responder, format.idPrefix);
    await responder.respond(started, request.params.n ?? 1);
  }
}
