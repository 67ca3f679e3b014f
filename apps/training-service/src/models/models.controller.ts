import { ApiKeyGuard, listPage, ListQuery, listQuerySchema, RequireApiKeyScope, TenantId, ZodValidationPipe } from '@llmchain/platform';
import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { modelView } from './model.view';
import { ModelsRepository } from './models.repository';

/** The tenant's model registry (serving's GET /v1/models lists what is loaded; this lists what was trained). */
@Controller('v1/models')
@UseGuards(ApiKeyGuard)
@RequireApiKeyScope('training')
export class ModelsController {
  constructor(private readonly models: ModelsRepository) {}

  @Get()
  async list(@TenantId() tenantId: string, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    const rows = await this.models.list(tenantId, query.limit, query.after);
    const tokenizers = new Map(await Promise.all(rows.map(async (m) => [m.id, await this.models.findTokenizer(m.tokenizerId)] as const)));
    return listPage(rows, query.limit, (model) => modelView(model, tokenizers.get(model.id) ?? null));
  }

  @Get(':id')
  async get(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    const model = await this.models.findForTenant(tenantId, id);
    if (!model) throw new NotFoundException(`model ${id} is not one of your models`);
    return modelView(model, await this.models.findTokenizer(model.tokenizerId));
  }
}
