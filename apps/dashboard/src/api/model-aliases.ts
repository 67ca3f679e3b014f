import { ListPage, requestJson } from './http';

export type AliasTarget = { modelId: string; weight: number };
export type ModelAlias = { id: string; name: string; targets: AliasTarget[]; revision: number; createdAt: string; updatedAt: string };

/** training-service's model aliases (scope `training`): set a version or a canary split, roll back. */
export const modelAliasesApi = (token: string) => ({
  list: (limit: number, after?: string) => requestJson<ListPage<ModelAlias>>('training', '/v1/model-aliases', { token, query: { limit, after } }),
  set: (name: string, targets: AliasTarget[]) => requestJson<ModelAlias>('training', `/v1/model-aliases/${encodeURIComponent(name)}`, { token, method: 'PUT', body: { targets } }),
  rollback: (name: string) => requestJson<ModelAlias>('training', `/v1/model-aliases/${encodeURIComponent(name)}/rollback`, { token, method: 'POST' }),
});
