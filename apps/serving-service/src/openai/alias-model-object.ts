import { ModelRegistry } from '../models/model-registry.service';
import { ServedAlias } from '../aliases/served-aliases.repository';

/**
 * An alias as GET /v1/models lists it: OpenAI's model object, plus the versions it splits requests between (each by
 * the name it answers under, null while this process has not loaded it).
 */
export function aliasModelObject(alias: ServedAlias, tenantId: string, registry: ModelRegistry) {
  return {
    id: alias.name,
    object: 'model' as const,
    created: Math.floor(alias.updatedAt.getTime() / 1000),
    owned_by: tenantId,
    targets: alias.targets.map((t) => ({ model: registry.byId(t.modelId)?.servedName ?? null, modelId: t.modelId, weight: t.weight })),
  };
}
