import { ApiKeyPrincipal } from '@llmchain/platform';
import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { AuthenticatedRequest, ServingApiKeyGuard } from '../auth/serving-api-key.guard';
import { embeddingSchema } from './embedding-parameters';
import { EmbeddingsService } from './embeddings.service';
import { parseRequest } from './request-parameters';

/** float32 little-endian bytes, base64: OpenAI's encoding_format "base64" (what its clients ask for by default). */
const base64Of = (vector: Float32Array) => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');

@Controller('v1')
@UseGuards(ServingApiKeyGuard)
export class EmbeddingsController {
  constructor(private readonly embeddings: EmbeddingsService) {}

  @Post('embeddings')
  @HttpCode(200)
  async create(@Body() body: unknown, @Req() req: AuthenticatedRequest) {
    const params = parseRequest(embeddingSchema, body);
    const result = await this.embeddings.embed(req.apiKey as ApiKeyPrincipal, params);
    const base64 = params.encoding_format === 'base64';
    return {
      object: 'list',
      data: result.vectors.map((vector, index) => ({ object: 'embedding', index, embedding: base64 ? base64Of(vector) : Array.from(vector) })),
      model: result.model,
      usage: { prompt_tokens: result.promptTokens, total_tokens: result.promptTokens },
    };
  }
}
