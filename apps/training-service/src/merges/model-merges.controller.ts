import { ApiKeyGuard, RequireApiKeyScope, TenantId, ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { TrainingJobsRepository } from '../jobs/training-jobs.repository';
import { MODEL_NAME_PATTERN } from '../imports/model-import-settings';
import { modelMergeView } from './model-merge.view';
import { ModelMergesService } from './model-merges.service';

export const mergeRequestSchema = z
  .strictObject({ name: z.string().regex(MODEL_NAME_PATTERN, 'letters, digits and . _ - : /, up to 128, starting with a letter or digit').optional() })
  .optional();

/**
 * Merging a LoRA adapter into its base: POST /v1/models/:id/merge (`{name?}`) answers 201 with the queued merge;
 * follow it with GET /v1/models/merges/:id until it is succeeded (modelId: the merged full model) or failed.
 */
@Controller('v1/models')
@UseGuards(ApiKeyGuard)
@RequireApiKeyScope('training')
export class ModelMergesController {
  constructor(
    private readonly merges: ModelMergesService,
    private readonly jobs: TrainingJobsRepository,
  ) {}

  @Post(':id/merge')
  async create(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(mergeRequestSchema)) body: z.infer<typeof mergeRequestSchema>) {
    return modelMergeView(await this.merges.merge(tenantId, id, body?.name));
  }

  @Get('merges/:id')
  async get(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    const job = await this.jobs.findForTenant(tenantId, id);
    if (!job || job.kind !== 'merge') throw new NotFoundException(`model merge ${id} is not one of yours`);
    return modelMergeView(job);
  }
}
