import { ApiKeyGuard, ApiKeyId, listPage, ListQuery, listQuerySchema, RequireApiKeyScope, TenantId, ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { CreateTrainingJob, createTrainingJobSchema, EventsQuery, eventsQuerySchema } from './training-job.dto';
import { checkpointView, trainingJobEventView, trainingJobView } from './training-job.view';
import { TrainingJobsRepository } from './training-jobs.repository';
import { TrainingJobsService } from './training-jobs.service';

@Controller('v1/training/jobs')
@UseGuards(ApiKeyGuard)
@RequireApiKeyScope('training')
export class TrainingJobsController {
  constructor(
    private readonly service: TrainingJobsService,
    private readonly jobs: TrainingJobsRepository,
  ) {}

  /** 201 with the job in validating_files; follow it with GET …/:id or …/:id/events. */
  @Post()
  async create(@TenantId() tenantId: string, @ApiKeyId() apiKeyId: string, @Body(new ZodValidationPipe(createTrainingJobSchema)) body: CreateTrainingJob) {
    return trainingJobView(await this.service.create(tenantId, body, apiKeyId));
  }

  /** Newest first: `?limit=` (1–100, default 20), `?after=<last_id of the previous page>`. */
  @Get()
  async list(@TenantId() tenantId: string, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    return listPage(await this.jobs.list(tenantId, query.limit, query.after), query.limit, trainingJobView);
  }

  @Get(':id')
  async get(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    return trainingJobView(await this.service.get(tenantId, id));
  }

  /** Oldest first: status changes, progress (the loss curve), warnings, errors. `?after=<id>` pages on. */
  @Get(':id/events')
  async events(
    @TenantId() tenantId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Query(new ZodValidationPipe(eventsQuerySchema)) query: EventsQuery,
  ) {
    await this.service.get(tenantId, id);
    return listPage(await this.jobs.events(id, query.limit, query.after), query.limit, trainingJobEventView);
  }

  @Get(':id/checkpoints')
  async checkpoints(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    await this.service.get(tenantId, id);
    return { object: 'list' as const, data: (await this.jobs.checkpoints(id)).map(checkpointView), has_more: false };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  async cancel(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    return trainingJobView(await this.service.cancel(tenantId, id));
  }
}
