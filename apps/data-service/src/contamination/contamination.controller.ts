import { ApiKeyGuard, RequireApiKeyScope, TenantId, ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ContaminationReport } from '../generated/prisma/client';
import { CheckContamination, checkContaminationSchema } from './contamination.dto';
import { ContaminationService } from './contamination.service';

function reportView(report: ContaminationReport) {
  return {
    id: report.id,
    object: 'dataset.contamination_report' as const,
    datasetVersionId: report.datasetVersionId,
    againstVersionId: report.againstVersionId,
    ngramWords: report.ngramWords,
    sharedNgrams: report.sharedNgrams,
    ...(report.report as object),
    createdAt: report.createdAt.toISOString(),
  };
}

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
