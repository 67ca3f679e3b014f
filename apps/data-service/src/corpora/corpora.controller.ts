import { ApiKeyGuard, ListQuery, listPage, listQuerySchema, RequireApiKeyScope, TenantId, ZodValidationPipe } from '@llmchain/platform';
import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { CorporaService } from './corpora.service';
import { corpusView } from './corpus.view';

export const uploadQuery = z.strictObject({
  /** For .txt files: the whole file is one document, or blank lines separate documents. */
  split: z.enum(['file', 'blank-lines']).default('file'),
});

/** The slice of the HTTP adapter's response this controller uses. */
type JsonResponse = { status(code: number): { json(body: unknown): void } };

@Controller('corpora')
@UseGuards(ApiKeyGuard)
@RequireApiKeyScope('data')
export class CorporaController {
  constructor(private readonly corpora: CorporaService) {}

  /**
   * 201 with a new corpus, or 200 with the tenant's existing one when the same bytes were uploaded before. The
   * handler sends the reply itself because the status depends on the outcome (Nest would force 201 on a POST).
   */
  @Post()
  async upload(
    @TenantId() tenantId: string,
    @Query(new ZodValidationPipe(uploadQuery)) query: z.infer<typeof uploadQuery>,
    @Req() request: IncomingMessage,
    @Res() response: JsonResponse,
  ): Promise<void> {
    const { corpus, created } = await this.corpora.upload(tenantId, request, query.split);
    response.status(created ? 201 : 200).json({ ...corpusView(corpus), created });
  }

  /** The tenant's corpora, newest first: `?limit=` (1–100, default 20), `?after=<id>`. */
  @Get()
  async list(@TenantId() tenantId: string, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    return listPage(await this.corpora.list(tenantId, query), query.limit, corpusView);
  }

  @Get(':id')
  async get(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    return corpusView(await this.corpora.get(tenantId, id));
  }
}
