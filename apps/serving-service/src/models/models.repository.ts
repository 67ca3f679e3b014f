import { DATABASE, SqlExecutor } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { ModelRegisteredV1, ModelRegisteredV3 } from '@llmchain/contracts';
import { PrismaClient } from '../generated/prisma/client';
import { ServedModelRecord } from './served-model';

/** What serving records of a model.registered: every version's common fields, and v3's kind, base and visibility. */
export type Registration = Pick<ModelRegisteredV1['data'], 'tenantId' | 'modelId' | 'name' | 'artifactBlobKey' | 'artifactSha256' | 'contextLength'> &
  Partial<Pick<ModelRegisteredV3['data'], 'kind' | 'baseModelId' | 'visibility'>>;

@Injectable()
export class ModelsRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  all(): Promise<ServedModelRecord[]> {
    return this.db.servedModel.findMany({ orderBy: { registeredAt: 'asc' } });
  }

  /**
   * Records a registration; a second one for the same tenant and name replaces the model behind the name. Events
   * before v3 announce trained models of their tenant.
   */
  async register(tx: SqlExecutor, data: Registration): Promise<void> {
    await tx.$executeRawUnsafe(`DELETE FROM served_models WHERE tenant_id = $1 AND name = $2 AND model_id <> $3`, data.tenantId, data.name, data.modelId);
    await tx.$executeRawUnsafe(
      `INSERT INTO served_models (model_id, tenant_id, name, artifact_key, artifact_sha256, context_length, kind, base_model_id, visibility)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (model_id) DO NOTHING`,
      data.modelId,
      data.tenantId,
      data.name,
      data.artifactBlobKey,
      data.artifactSha256,
      data.contextLength,
      data.kind ?? 'trained',
      data.kind === 'adapter' ? data.baseModelId : null,
      data.visibility ?? 'tenant',
    );
  }

  async remove(modelId: string): Promise<void> {
    await this.db.servedModel.deleteMany({ where: { modelId } });
  }

  find(modelId: string): Promise<ServedModelRecord | null> {
    return this.db.servedModel.findUnique({ where: { modelId } });
  }
}
