import { ApiKeyGuard, RequireApiKeyScope, TenantId, ZodValidationPipe } from '@llmchain/platform';
import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { listPage, ListQuery, listQuerySchema } from '../jobs/list-page';
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
    const page = await this.models.list(tenantId, query.limit, query.after);
    const views = await Promise.all(page.items.map(async (model) => modelView(model, await this.models.findTokenizer(model.tokenizerId))));
    return listPage(views, page.hasMore, (model) => model.id);
  }

  @Get(':id')
  async get(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    const model = await this.models.findForTenant(tenantId, id);
    if (!model) throw new NotFoundException(`model ${id} is not one of your models`);
    return modelView(model, await this.models.findTokenizer(model.tokenizerId));
  }
}
