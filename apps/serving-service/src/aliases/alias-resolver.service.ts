import { MODEL_ALIAS_NAME } from '@llmchain/contracts';
import { Injectable } from '@nestjs/common';
import { ModelRegistry } from '../models/model-registry.service';
import { OpenAiError } from '../common/openai-error';
import { RefreshAheadCache } from '../common/refresh-ahead-cache';
import { ServedAlias, ServedAliasesRepository } from './served-aliases.repository';
import { pickTarget } from './weighted-pick';

/**
 * Turns the name a request calls into the model that answers it. An alias (a tenant's stable name for one version or
 * a weighted canary split) is resolved once per request, at its start: the whole request, every streamed chunk
 * included, runs on the version drawn, whatever the alias points at by the time it ends.
 */
@Injectable()
export class AliasResolver {
  /** A change to a tenant's aliases reaches every process within a second (whichever consumed it wrote the table). */
  private readonly cache: RefreshAheadCache<ServedAlias[]>;

  constructor(
    repository: ServedAliasesRepository,
    private readonly registry: ModelRegistry,
  ) {
    this.cache = new RefreshAheadCache((tenantId) => repository.forTenant(tenantId), { ttlMs: 1000, maxEntries: 100_000 });
  }

  /** The tenant's aliases as of at most a second ago (whichever serving process consumed their changes). */
  aliasesOf(tenantId: string, now = Date.now()): Promise<ServedAlias[]> {
    return this.cache.get(tenantId, now);
  }

  /**
   * The served name of the version a request runs on: for an alias, one of its versions drawn by weight; any other
   * name is returned as it is (model names hold a ':' or are no alias of the tenant's).
   */
  async resolve(tenantId: string, name: string, draw = Math.random()): Promise<string> {
    if (!MODEL_ALIAS_NAME.test(name)) return name;
    const alias = (await this.aliasesOf(tenantId)).find((a) => a.name === name);
    if (!alias) return name;
    const { modelId } = pickTarget(alias.targets, draw);
    const entry = this.registry.byId(modelId);
    // Not recorded here yet (model.registered reaches this process's sync within seconds), or no longer the tenant's to call.
    if (!entry || (entry.record.tenantId !== tenantId && entry.record.visibility !== 'platform')) throw OpenAiError.modelLoading(name);
    return entry.servedName;
  }
}
