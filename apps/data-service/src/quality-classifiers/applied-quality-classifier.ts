import { CleaningSettings, QualityModel } from '@llmchain/data-cleaning';
import { BLOB_STORE, BlobStore } from '@llmchain/platform';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { buffer } from 'node:stream/consumers';
import { QualityClassifiersRepository } from './quality-classifiers.repository';
import { parseQualityModel } from './quality-model-blob';

/** The quality classifier a cleaning run's settings name: checked when the run starts, loaded when it runs. */
@Injectable()
export class AppliedQualityClassifier {
  constructor(
    private readonly classifiers: QualityClassifiersRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  /** The settings with the classifier's model SHA-256 filled in (so the settings hash names the model); 404 if unknown. */
  async pin(tenantId: string, settings: CleaningSettings): Promise<CleaningSettings> {
    const setting = settings.qualityClassifier;
    if (!setting.enabled || !setting.classifierId) return settings;
    const classifier = await this.classifiers.findById(tenantId, setting.classifierId);
    if (!classifier) throw new NotFoundException(`no quality classifier ${setting.classifierId}`);
    return { ...settings, qualityClassifier: { ...setting, modelSha256: classifier.modelSha256 } };
  }

  /** The model of a pinned setting, read from the blob store; undefined when the settings apply none. */
  async load(tenantId: string, settings: CleaningSettings): Promise<QualityModel | undefined> {
    const setting = settings.qualityClassifier;
    if (!setting.enabled || !setting.classifierId) return undefined;
    const classifier = await this.classifiers.findById(tenantId, setting.classifierId);
    if (!classifier || classifier.modelSha256 !== setting.modelSha256)
      throw new Error(`quality classifier ${setting.classifierId} with model ${setting.modelSha256} no longer exists`);
    return parseQualityModel(await buffer(this.blobs.openRead(classifier.modelBlobKey)));
  }
}
