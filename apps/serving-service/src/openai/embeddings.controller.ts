import { ApiKeyPrincipal } from '@llmchain/platform';
import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { AuthenticatedRequest, ServingApiKeyGuard } from '../auth/serving-api-key.guard';
import { embeddingSchema } from './embedding-parameters';
import { embeddingsResponse } from './embeddings-response';
import { EmbeddingsService } from './embeddings.service';
import { parseRequest } from './request-parameters';


@Controller('v1')
@UseGuards(ServingApiKeyGuard)
export class EmbeddingsController {
  constructor(private readonly embeddings: EmbeddingsService) {}

  @Post('embeddings')
  @HttpCode(200)
  async create(@Body() body: unknown, @Req() req: AuthenticatedRequest) {
    const params = parseRequest(embeddingSchema, body);
    return embeddingsResponse(await this.embeddings.embed(req.apiKey as ApiKeyPrincipal, params), params.encoding_format);
  }
}
