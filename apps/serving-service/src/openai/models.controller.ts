import { ApiKeyPrincipal } from '@llmchain/platform';
import { Controller, Get, Param, Req, UseFilters, UseGuards } from '@nestjs/common';
import { AuthenticatedRequest, ServingApiKeyGuard } from '../auth/serving-api-key.guard';
import { ModelRegistry } from '../models/model-registry.service';
import { ServedModelRecord } from '../models/served-model';
import { OpenAiError } from './openai-error';
import { OpenAiErrorFilter } from './openai-error.filter';

const modelObject = (record: ServedModelRecord) => ({
  id: record.name,
  object: 'model',
  created: Math.floor(record.registeredAt.getTime() / 1000),
  owned_by: record.tenantId,
});

/** The calling tenant's models only; another tenant's model answers 404. */
@Controller('v1/models')
@UseGuards(ServingApiKeyGuard)
@UseFilters(OpenAiErrorFilter)
export class ModelsController {
  constructor(private readonly registry: ModelRegistry) {}

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
}
