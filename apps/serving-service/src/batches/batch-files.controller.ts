import { ApiKeyPrincipal } from '@llmchain/platform';
import { Controller, Delete, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AuthenticatedRequest, ServingApiKeyGuard } from '../auth/serving-api-key.guard';
import { BatchFilesRepository } from './batch-files.repository';
import { BatchFilesService, fileObject } from './batch-files.service';
import { listLimit } from './list-limit';

@Controller('v1/files')
@UseGuards(ServingApiKeyGuard)
export class BatchFilesController {
  constructor(
    private readonly files: BatchFilesService,
    private readonly repository: BatchFilesRepository,
  ) {}

  @Post()
  upload(@Req() req: IncomingMessage & AuthenticatedRequest) {
    return this.files.upload(req.apiKey as ApiKeyPrincipal, req);
  }

  @Get()
  async list(@Req() req: AuthenticatedRequest, @Query('limit') limit?: string, @Query('after') after?: string, @Query('purpose') purpose?: string) {
    const take = listLimit(limit);
    const rows = await this.repository.list((req.apiKey as ApiKeyPrincipal).tenantId, take + 1, after, purpose);
    const data = rows.slice(0, take).map(fileObject);
    return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: rows.length > take };
  }

  @Get(':id')
  async get(@Req() req: AuthenticatedRequest, @Param('id') id: string) {
    return fileObject(await this.files.get((req.apiKey as ApiKeyPrincipal).tenantId, id));
  }

  @Get(':id/content')
  async content(@Req() req: AuthenticatedRequest, @Param('id') id: string, @Res() res: ServerResponse): Promise<void> {
    const stream = await this.files.content((req.apiKey as ApiKeyPrincipal).tenantId, id);
    res.writeHead(200, { 'Content-Type': 'application/jsonl' });
    await pipeline(stream, res);
  }

  @Delete(':id')
  delete(@Req() req: AuthenticatedRequest, @Param('id') id: string) {
    return this.files.delete((req.apiKey as ApiKeyPrincipal).tenantId, id);
  }
}
