import { ApiKeyPrincipal } from '@llmchain/platform';
import { Controller, Delete, Get, Param, Req, UseGuards } from '@nestjs/common';
import { AuthenticatedRequest, ServingApiKeyGuard } from '../auth/serving-api-key.guard';
import { ModelRegistry } from '../models/model-registry.service';
import { ModelsRepository } from '../models/models.repository';
import { ServedModelRecord } from '../models/served-model';
import { OpenAiError } from './openai-error';

const modelObject = (record: ServedModelRecord) => ({
  id: record.name,
  object: 'model',
  created: Math.floor(record.registeredAt.getTime() / 1000),
  owned_by: record.tenantId,
});

/** The calling tenant's models only; another tenant's model answers 404. */
@Controller('v1/models')
@UseGuards(ServingApiKeyGuard)
export class ModelsController {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly repository: ModelsRepository,
  ) {}

  @Get()
  list(@Req() req: AuthenticatedRequest) {
    const principal = req.apiKey as ApiKeyPrincipal;
    return { object: 'list', data: this.registry.listFor(principal.tenantId).map(modelObject) };
  }

  @Get(':model')
  get(@Param('model') model: string, @Req() req: AuthenticatedRequest) {
    const entry = this.registry.lookup((req.apiKey as ApiKeyPrincipal).tenantId, model);
    if (!entry) throw OpenAiError.modelNotFound(model);
    return modelObject(entry.record);
  }

  /** OpenAI's delete-a-model: the model is unloaded (its running requests fail) and no longer served here. */
  @Delete(':model')
  async remove(@Param('model') model: string, @Req() req: AuthenticatedRequest) {
    const tenantId = (req.apiKey as ApiKeyPrincipal).tenantId;
    if (!this.registry.lookup(tenantId, model)) throw OpenAiError.modelNotFound(model);
    await this.repository.remove(tenantId, model);
    this.registry.unload(tenantId, model);
    return { id: model, object: 'model', deleted: true };
  }
}
