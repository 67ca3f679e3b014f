import type { TrainingSchemas } from '../../../../libs/api-client/src';
import { ListPage, requestJson } from './http';

export type ModelAlias = TrainingSchemas['ModelAlias'];
export type AliasTarget = ModelAlias['targets'][number];

/** training-service's model aliases (scope `training`): set a version or a canary split, roll back. */
export const modelAliasesApi = (token: string) => ({
  list: (limit: number, after?: string) => requestJson<ListPage<ModelAlias>>('training', '/v1/model-aliases', { token, query: { limit, after } }),
  set: (name: string, targets: AliasTarget[]) => requestJson<ModelAlias>('training', `/v1/model-aliases/${encodeURIComponent(name)}`, { token, method: 'PUT', body: { targets } }),
  rollback: (name: string) => requestJson<ModelAlias>('training', `/v1/model-aliases/${encodeURIComponent(name)}/rollback`, { token, method: 'POST' }),
});
