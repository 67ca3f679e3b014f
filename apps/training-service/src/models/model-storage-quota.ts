import { tenantLimitReached } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { TRAINING_CONFIG, TrainingConfig } from '../config/training-config';
import { ModelsRepository } from './models.repository';

/**
 * The tenant's quota on stored models (every file of every model it registered). Checked before work that would
 * store another model starts (a training job, an import), so a tenant at its quota is refused at once with 429 rather
 * than after hours of training; a job already running may finish past it by one model.
 */
@Injectable()
export class ModelStorageQuota {
  constructor(
    private readonly models: ModelsRepository,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingConfig,
  ) {}

  async assertRoomForAnotherModel(tenantId: string): Promise<void> {
    const quota = BigInt(this.config.TENANT_MODEL_STORAGE_QUOTA_BYTES);
    const stored = await this.models.storedBytes(tenantId);
    if (stored >= quota) {
      throw tenantLimitReached(
        'model_storage',
        `your models take ${stored} bytes, and your quota on stored models (${quota} bytes) is used up: delete models you no longer need, or ask an admin for a larger quota`,
      );
    }
  }
}
