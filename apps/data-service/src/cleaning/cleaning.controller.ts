import { ApiKeyGuard, RequireApiKeyScope, ZodValidationPipe, TenantId, ListQuery, listPage, listQuerySchema } from '@llmchain/platform';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { cleaningRunView } from './cleaning-run.view';
import { StartCleaningRun, startCleaningRunSchema } from './cleaning-run.dto';
import { CleaningService } from './cleaning.service';

@Controller('cleaning-runs')
@UseGuards(ApiKeyGuard)
@RequireApiKeyScope('data')
export class CleaningController {
  constructor(private readonly cleaning: CleaningService) {}

  /** 202: the run is queued; poll GET /cleaning-runs/:id for its progress and, when done, its dataset version. */
  @Post()
  @HttpCode(202)
  async start(@TenantId() tenantId: string, @Body(new ZodValidationPipe(startCleaningRunSchema)) body: StartCleaningRun) {
    return cleaningRunView(await this.cleaning.start(tenantId, body));
  }

  /** The tenant's runs, newest first: `?limit=` (1–100, default 20) and `?after=<last id of the previous page>`. */
  @Get()
  async list(@TenantId() tenantId: string, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    return listPage(await this.cleaning.list(tenantId, query), query.limit, cleaningRunView);
  }

  @Get(':id')
  async get(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    return cleaningRunView(await this.cleaning.get(tenantId, id));
  }
}
