import { AliasTarget, TOPICS } from '@llmchain/contracts';
import { lockTenantLimit, OutboxWriter, tenantLimitReached } from '@llmchain/platform';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { ModelAlias, Prisma } from '../generated/prisma/client';
import { ModelsRepository } from '../models/models.repository';
import { MAX_ALIASES_PER_TENANT, SetModelAliasBody } from './model-alias.dto';
import { AliasChangeAction, ModelAliasesRepository } from './model-aliases.repository';

const badRequest = (field: string, message: string) => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`${field}: ${message}`] });

/**
 * Pointing a tenant's alias at registered versions, and rolling it back: each change is a new revision, kept in the
 * alias's history and announced with model.alias.changed in the same transaction (serving learns it from there).
 */
@Injectable()
export class ModelAliasesService {
  constructor(
    private readonly aliases: ModelAliasesRepository,
    private readonly models: ModelsRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Creates the alias or gives it a new split. Every version must be one the tenant may call. */
  async set(tenantId: string, apiKeyId: string, name: string, body: SetModelAliasBody): Promise<ModelAlias> {
    if (await this.models.findByName(tenantId, name)) throw badRequest('name', `${name} is the name of a model you can call; an alias needs a name of its own`);
    for (const [index, target] of body.targets.entries()) await this.checkVersion(tenantId, target.modelId, `targets.${index}.modelId`);
    return this.change(tenantId, name, apiKeyId, 'set', async (tx, current) => {
      if (!current && (await this.aliases.countFor(tx, tenantId)) >= MAX_ALIASES_PER_TENANT) {
        throw tenantLimitReached('model_aliases', `you have ${MAX_ALIASES_PER_TENANT} aliases, the most a tenant may have: reuse one`);
      }
      return body.targets;
    });
  }

  /**
   * Points the alias back at the assignment it had before the current one (as a new revision, so the history keeps
   * both); a second rollback returns to where the first began, as `kubectl rollout undo` does.
   */
  rollback(tenantId: string, apiKeyId: string, name: string): Promise<ModelAlias> {
    return this.change(tenantId, name, apiKeyId, 'rollback', async (tx, current) => {
      if (!current) throw new NotFoundException(`you have no alias named ${name}`);
      const previous = current.revision > 1 ? await this.aliases.changeAt(tx, current.id, current.revision - 1) : null;
      if (!previous) throw new ConflictException(`the alias ${name} has had one assignment only: there is nothing to roll back to`);
      return previous.targets as unknown as AliasTarget[];
    });
  }

  /**
   * Deletes the alias and its history; model.alias.changed with no targets, one revision past its last, tells serving
   * to drop it (every process then answers 404 for the name). The name is free again: setting it later starts over
   * at revision 1.
   */
  async remove(tenantId: string, name: string): Promise<ModelAlias> {
    return this.aliases.client.$transaction(async (tx) => {
      await lockTenantLimit(tx, 'model_aliases', tenantId);
      const current = await this.aliases.find(tenantId, name, tx);
      if (!current) throw new NotFoundException(`you have no alias named ${name}`);
      await tx.modelAlias.delete({ where: { id: current.id } });
      await this.outbox.write(tx, [{ topic: TOPICS.modelAliasChanged, key: tenantId, data: { tenantId, alias: name, revision: current.revision + 1, targets: [] } }]);
      return current;
    });
  }

  /** 404 for another tenant's model, 400 for an id no model has. */
  private async checkVersion(tenantId: string, modelId: string, field: string): Promise<void> {
    if (await this.models.findForTenant(tenantId, modelId)) return;
    if (await this.aliases.modelExists(modelId)) throw new NotFoundException(`${field}: model ${modelId} is not one of your models`);
    throw badRequest(field, `no model ${modelId} is registered; use the id of one of your models (GET /v1/models)`);
  }

  /** One change, serialized with the tenant's other alias changes: the new assignment, its history row and its event. */
  private change(
    tenantId: string,
    name: string,
    apiKeyId: string,
    action: AliasChangeAction,
    nextTargets: (tx: Prisma.TransactionClient, current: ModelAlias | null) => Promise<AliasTarget[]>,
  ): Promise<ModelAlias> {
    return this.aliases.client.$transaction(async (tx) => {
      await lockTenantLimit(tx, 'model_aliases', tenantId);
      const current = await this.aliases.find(tenantId, name, tx);
      const targets = await nextTargets(tx, current);
      const saved = await this.aliases.assign(tx, current, { tenantId, name }, targets, { action, apiKeyId });
      await this.outbox.write(tx, [{ topic: TOPICS.modelAliasChanged, key: tenantId, data: { tenantId, alias: name, revision: saved.revision, targets } }]);
      return saved;
    });
  }
}
