import { ApiKeyPrincipal } from '@llmchain/platform';
import { Body, Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthenticatedRequest, ServingApiKeyGuard } from '../auth/serving-api-key.guard';
import { CompletionResponder } from './completion-responder';
import { chatCompletionCall, CompletionCall, textCompletionCall } from './completion-requests';
import { InferenceService } from './inference.service';

@Controller('v1')
@UseGuards(ServingApiKeyGuard)
export class CompletionsController {
  constructor(private readonly inference: InferenceService) {}

  @Post('chat/completions')
  async chat(@Body() body: unknown, @Req() req: IncomingMessage & AuthenticatedRequest, @Res() res: ServerResponse): Promise<void> {
    await this.serve(req, res, chatCompletionCall(body));
  }

  @Post('completions')
  async complete(@Body() body: unknown, @Req() req: IncomingMessage & AuthenticatedRequest, @Res() res: ServerResponse): Promise<void> {
    await this.serve(req, res, textCompletionCall(body));
  }

  private async serve(req: IncomingMessage & AuthenticatedRequest, res: ServerResponse, { format, shown, request }: CompletionCall): Promise<void> {
    const stream = request.params.stream ?? false;
    const responder = new CompletionResponder(format, stream, stream && (request.params.stream_options?.include_usage ?? false), req, res, shown);
    const started = await this.inference.start(req.apiKey as ApiKeyPrincipal, request, responder, format.idPrefix);
    await responder.respond(started, request.params.n ?? 1);
  }
}
