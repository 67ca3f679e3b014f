import { ApiKeyGuard, ApiKeyId, listPage, ListQuery, listQuerySchema, RequireApiKeyScope, TenantId, ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { ModelAlias } from '../generated/prisma/client';
import { modelAliasName, SetModelAliasBody, setModelAliasBody } from './model-alias.dto';
import { modelAliasChangeView, modelAliasView } from './model-alias.view';
import { ModelAliasesRepository } from './model-aliases.repository';
import { ModelAliasesService } from './model-aliases.service';

const nameParam = new ZodValidationPipe(z.strictObject({ name: modelAliasName }));
const historyQuery = new ZodValidationPipe(listQuerySchema.pick({ limit: true }));

/**
 * A tenant's model aliases: a stable name its programs call (`model: "support-bot"`) for one registered version, or a
 * weighted split of two for a canary; set, rolled back in one call, with every change kept (which key, when).
 */
@Controller('v1/model-aliases')
@UseGuards(ApiKeyGuard)
@RequireApiKeyScope('training')
export class ModelAliasesController {
  constructor(
    private readonly aliases: ModelAliasesRepository,
    private readonly service: ModelAliasesService,
  ) {}

  @Get()
  async list(@TenantId() tenantId: string, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    return listPage(await this.aliases.list(tenantId, query.limit, query.after), query.limit, modelAliasView);
  }

  @Get(':name')
  async get(@TenantId() tenantId: string, @Param(nameParam) { name }: { name: string }) {
    return modelAliasView(await this.existing(tenantId, name));
  }

  /** Creates the alias or sets its split: `{targets: [{modelId, weight}]}`, one or two versions, weights summing to 100. */
  @Put(':name')
  async set(@TenantId() tenantId: string, @ApiKeyId() apiKeyId: string, @Param(nameParam) { name }: { name: string }, @Body(new ZodValidationPipe(setModelAliasBody)) body: SetModelAliasBody) {
    return modelAliasView(await this.service.set(tenantId, apiKeyId, name, body));
  }

  /** Back to the assignment before the current one, as a new revision. */
  @Post(':name/rollback')
  @HttpCode(200)
  async rollback(@TenantId() tenantId: string, @ApiKeyId() apiKeyId: string, @Param(nameParam) { name }: { name: string }) {
    return modelAliasView(await this.service.rollback(tenantId, apiKeyId, name));
  }

  /** Deletes the alias: serving stops answering to its name within seconds. */
  @Delete(':name')
  async remove(@TenantId() tenantId: string, @Param(nameParam) { name }: { name: string }) {
    const alias = await this.service.remove(tenantId, name);
    return { id: alias.id, object: 'model.alias.deleted', name, deleted: true };
  }

  /** The alias's assignments, newest first: who (API key) changed it, when, and to what. */
  @Get(':name/changes')
  async changes(@TenantId() tenantId: string, @Param(nameParam) { name }: { name: string }, @Query(historyQuery) query: { limit: number }) {
    const alias = await this.existing(tenantId, name);
    return { object: 'list', data: (await this.aliases.changes(alias.id, query.limit)).map(modelAliasChangeView) };
  }

  private async existing(tenantId: string, name: string): Promise<ModelAlias> {
    const alias = await this.aliases.find(tenantId, name);
    if (!alias) throw new NotFoundException(`you have no alias named ${name}`);
    return alias;
  }
}
