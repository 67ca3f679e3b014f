import { ModelAlias, ModelAliasChange } from '../generated/prisma/client';

export function modelAliasView(alias: ModelAlias) {
  return {
    id: alias.id,
    object: 'model.alias' as const,
    name: alias.name,
    targets: alias.targets,
    revision: alias.revision,
    createdAt: alias.createdAt,
    updatedAt: alias.updatedAt,
  };
}

/** One assignment in an alias's history: what it pointed at, whether it was set or rolled back to, by which key, when. */
export function modelAliasChangeView(change: ModelAliasChange) {
  return { revision: change.revision, action: change.action, targets: change.targets, apiKeyId: change.apiKeyId, changedAt: change.changedAt };
}
