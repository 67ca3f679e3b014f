import { ApiKeyGuard, ListQuery, listPage, listQuerySchema, RequireApiKeyScope, TenantId, ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { trainClassifierRequest, TrainClassifierRequest } from './quality-classifier.dto';
import { QualityClassifiersService } from './quality-classifiers.service';
import { classifierView } from './quality-classifier.view';

@Controller('quality-classifiers')
@UseGuards(ApiKeyGuard)
@RequireApiKeyScope('data')
export class QualityClassifiersController {
  constructor(private readonly classifiers: QualityClassifiersService) {}

  /** Trains a new version from the project's approved labels (201 with its held-out figures). */
  @Post()
  async train(@TenantId() tenantId: string, @Body(new ZodValidationPipe(trainClassifierRequest)) request: TrainClassifierRequest) {
    return classifierView(await this.classifiers.train(tenantId, request));
  }

  /** The tenant's classifier versions, newest first: `?limit=` (1–100, default 20), `?after=<id>`. */
  @Get()
  async list(@TenantId() tenantId: string, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    return listPage(await this.classifiers.list(tenantId, query), query.limit, classifierView);
  }

  @Get(':id')
  async get(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    return classifierView(await this.classifiers.get(tenantId, id));
  }
}
