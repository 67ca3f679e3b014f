import { ApiKeyGuard, RequireApiKeyScope, TenantId, ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { CheckContamination, checkContaminationSchema } from './contamination.dto';
import { ContaminationService } from './contamination.service';
import { reportView } from './contamination-report.view';

@Controller('dataset-versions')
@UseGuards(ApiKeyGuard)
@RequireApiKeyScope('data')
export class ContaminationController {
  constructor(private readonly contamination: ContaminationService) {}

  /** 201: the 13-gram overlap of this version with another, from both sides, stored and shown on both versions. */
  @Post(':id/contamination')
  async check(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(checkContaminationSchema)) body: CheckContamination) {
    return reportView(await this.contamination.check(tenantId, id, body.againstVersionId));
  }

  @Get(':id/contamination-reports')
  async list(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    return { object: 'list' as const, data: (await this.contamination.list(tenantId, id)).map(reportView), has_more: false };
  }
}
