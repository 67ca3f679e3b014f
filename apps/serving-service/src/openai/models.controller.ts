import { ApiKeyPrincipal } from '@llmchain/platform';
import { Controller, Delete, Get, Param, Req, UseGuards } from '@nestjs/common';
import { aliasModelObject } from './alias-model-object';
import { AliasResolver } from '../aliases/alias-resolver.service';
import { AuthenticatedRequest, ServingApiKeyGuard } from '../auth/serving-api-key.guard';
import { OpenAiError } from '../common/openai-error';
import { ModelEntry, ModelRegistry } from '../models/model-registry.service';
import { ModelsRepository } from '../models/models.repository';

const modelObject = ({ record, servedName }: ModelEntry) => ({
  id: servedName,
  object: 'model',
  created: Math.floor(record.registeredAt.getTime() / 1000),
  owned_by: record.visibility === 'platform' ? 'platform' : record.tenantId,
});

/** The calling tenant's models, adapters and aliases, and the platform's bases; another tenant's model answers 404. */
@Controller('v1/models')
@UseGuards(ServingApiKeyGuard)
export class ModelsController {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly repository: ModelsRepository,
    private readonly aliases: AliasResolver,
  ) {}

  @Get()
  async list(@Req() req: AuthenticatedRequest) {
    const { tenantId } = req.apiKey as ApiKeyPrincipal;
    const aliases = (await this.aliases.aliasesOf(tenantId)).map((alias) => aliasModelObject(alias, tenantId, this.registry));
    return { object: 'list', data: [...this.registry.listFor(tenantId).map(modelObject), ...aliases] };
  }

  @Get(':model')
  async get(@Param('model') model: string, @Req() req: AuthenticatedRequest) {
    const { tenantId } = req.apiKey as ApiKeyPrincipal;
    const alias = (await this.aliases.aliasesOf(tenantId)).find((a) => a.name === model);
    if (alias) return aliasModelObject(alias, tenantId, this.registry);
    const entry = this.registry.lookup(tenantId, model);
    if (!entry) throw OpenAiError.modelNotFound(model);
    return modelObject(entry);
  }

  /**
   * OpenAI's delete-a-model: the model (with a base, its adapters) is unloaded (its running requests fail) and no
   * longer served here. A platform base is only the platform's to delete.
   */
  @Delete(':model')
  async remove(@Param('model') model: string, @Req() req: AuthenticatedRequest) {
    const tenantId = (req.apiKey as ApiKeyPrincipal).tenantId;
    const entry = this.registry.lookup(tenantId, model);
    if (!entry) throw OpenAiError.modelNotFound(model);
    if (entry.record.tenantId !== tenantId) throw OpenAiError.forbidden(`The model \`${model}\` is a platform model; only its owner can delete it.`);
    await this.repository.remove(entry.record.modelId);
    this.registry.unload(entry.record.modelId);
    return { id: model, object: 'model', deleted: true };
  }
}
