import { ApiKeyGuard, ApiKeyId, listPage, ListQuery, listQuerySchema, RequireApiKeyScope, TenantId, ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { CreateEval, createEvalSchema, CreateEvalRun, createEvalRunSchema } from './eval.dto';
import { evalRunItemView, evalRunView, evalView } from './eval.view';
import { EvalsRepository } from './evals.repository';
import { EvalsService } from './evals.service';

/** OpenAI's Evals API: evals over a dataset version's items, runs of them against a model, and each run's graded items. */
@Controller('v1/evals')
@UseGuards(ApiKeyGuard)
@RequireApiKeyScope('training')
export class EvalsController {
  constructor(
    private readonly service: EvalsService,
    private readonly evals: EvalsRepository,
  ) {}

  @Post()
  async create(@TenantId() tenantId: string, @Body(new ZodValidationPipe(createEvalSchema)) body: CreateEval) {
    return evalView(await this.service.create(tenantId, body));
  }

  /** Newest first: `?limit=` (1–100, default 20), `?after=<last_id of the previous page>`. */
  @Get()
  async list(@TenantId() tenantId: string, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    return listPage(await this.evals.listEvals(tenantId, query.limit, query.after), query.limit, evalView);
  }

  @Get(':id')
  async get(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    return evalView(await this.service.get(tenantId, id));
  }

  @Delete(':id')
  async delete(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    return this.service.delete(tenantId, id);
  }

  /** 201 with the run queued; follow it with GET …/runs/:runId and …/runs/:runId/output_items. */
  @Post(':id/runs')
  async createRun(
    @TenantId() tenantId: string,
    @ApiKeyId() apiKeyId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(createEvalRunSchema)) body: CreateEvalRun,
  ) {
    return evalRunView(await this.service.createRun(tenantId, apiKeyId, id, body));
  }

  @Get(':id/runs')
  async runs(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    await this.service.get(tenantId, id);
    return listPage(await this.evals.listRuns(id, query.limit, query.after), query.limit, evalRunView);
  }

  @Get(':id/runs/:runId')
  async run(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string, @Param('runId', ParseUUIDPipe) runId: string) {
    return evalRunView(await this.service.getRun(tenantId, id, runId));
  }

  @Post(':id/runs/:runId/cancel')
  @HttpCode(200)
  async cancel(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string, @Param('runId', ParseUUIDPipe) runId: string) {
    return evalRunView(await this.service.cancelRun(tenantId, id, runId));
  }

  /** In dataset order: `?limit=`, `?after=<last_id of the previous page>`. */
  @Get(':id/runs/:runId/output_items')
  async items(
    @TenantId() tenantId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('runId', ParseUUIDPipe) runId: string,
    @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery,
  ) {
    const run = await this.service.getRun(tenantId, id, runId);
    return listPage(await this.evals.listItems(runId, query.limit, query.after), query.limit, (item) => evalRunItemView(run, item));
  }

  @Get(':id/runs/:runId/output_items/:itemId')
  async item(
    @TenantId() tenantId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('runId', ParseUUIDPipe) runId: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
  ) {
    const run = await this.service.getRun(tenantId, id, runId);
    const item = await this.evals.findItem(runId, itemId);
    if (!item) throw new NotFoundException(`output item ${itemId} is not an item of run ${runId}`);
    return evalRunItemView(run, item);
  }
}
