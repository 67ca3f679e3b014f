import { ApiKeyPrincipal, listPage } from '@llmchain/platform';
import { Controller, Delete, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AuthenticatedRequest, ServingApiKeyGuard } from '../auth/serving-api-key.guard';
import { BatchFilesRepository } from './batch-files.repository';
import { BatchFilesService, fileObject } from './batch-files.service';
import { parseRequest } from '../openai/request-parameters';
import { fileListQuery } from './list-query';

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
  async list(@Req() req: AuthenticatedRequest, @Query() query: unknown) {
    const { limit, after, purpose } = parseRequest(fileListQuery, query);
    return listPage(await this.repository.list((req.apiKey as ApiKeyPrincipal).tenantId, limit, after, purpose), limit, fileObject);
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
