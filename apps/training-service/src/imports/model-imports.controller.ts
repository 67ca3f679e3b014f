import { ApiKeyGuard, RequireApiKeyScope, TenantId, ZodValidationPipe } from '@llmchain/platform';
import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req, UnsupportedMediaTypeException, UseGuards } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { TrainingJobsRepository } from '../jobs/training-jobs.repository';
import { importFromBlobSchema, importUploadQuerySchema, ImportUploadQuery } from './model-import.dto';
import { modelImportView } from './model-import.view';
import { TrainingJob } from '../generated/prisma/client';
import { ModelImportsService } from './model-imports.service';

const TAR_TYPES = ['application/x-tar', 'application/tar'];

/**
 * Imports of Hugging Face model directories: a streamed tar upload (Content-Type application/x-tar, `?name=&platform=`)
 * or `{blob_key, name?, platform?}` naming a folder already on the blob store. 201 with the queued import (an Idempotency-Key
 * retried with the same archive or body replays it); follow it with GET …/:id until it is succeeded (modelId set) or failed.
 */
@Controller('v1/models/imports')
@UseGuards(ApiKeyGuard)
@RequireApiKeyScope('training')
export class ModelImportsController {
  constructor(
    private readonly imports: ModelImportsService,
    private readonly jobs: TrainingJobsRepository,
  ) {}

  @Post()
  async create(
    @TenantId() tenantId: string,
    @Req() request: IncomingMessage & { body?: unknown },
    @Query() query: unknown,
  ) {
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    let job: TrainingJob;
    if (TAR_TYPES.includes(type)) {
      const options: ImportUploadQuery = new ZodValidationPipe(importUploadQuerySchema).transform(query);
      job = await this.imports.importUpload(tenantId, request, options);
    } else if (type === 'application/json') {
      job = await this.imports.importFromBlob(tenantId, new ZodValidationPipe(importFromBlobSchema).transform(request.body));
    } else {
      throw new UnsupportedMediaTypeException('send the model directory as application/x-tar, or {"blob_key": …} as application/json');
    }
    return modelImportView(job);
  }

  @Get(':id')
  async get(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    const job = await this.jobs.findForTenant(tenantId, id);
    if (!job || job.kind !== 'import') throw new NotFoundException(`model import ${id} is not one of yours`);
    return modelImportView(job);
  }
}
