import { OpenAiError } from '../common/openai-error';
import { ModelRegistry } from '../models/model-registry.service';
import { LoadedModel } from '../models/served-model';

/** The tenant's model by name, ready to run: 404 for none (or another tenant's), 503 while loading or after a failed load. */
export function readyModel(models: ModelRegistry, tenantId: string, name: string): LoadedModel {
  const entry = models.lookup(tenantId, name);
  if (!entry) throw OpenAiError.modelNotFound(name);
  if (entry.state.status === 'loading') throw OpenAiError.modelLoading(name);
  if (entry.state.status === 'failed') {
    throw new OpenAiError(503, `The model \`${name}\` could not be loaded: ${entry.state.reason}`, 'service_unavailable', 'model', 'model_load_failed', 30);
  }
  return entry.state.loaded;
}
