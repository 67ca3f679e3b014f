import { CleaningSettings, ContaminationCheck } from '@llmchain/data-cleaning';
import { BlobStore } from '@llmchain/platform';
import { versionNgrams } from '../contamination/version-ngrams';
import { DatasetsRepository } from '../datasets/datasets.repository';

/** The evaluation set a run's `contamination` rule removes overlapping documents against; undefined when the rule is off. */
export async function loadContaminationCheck(
  datasets: DatasetsRepository,
  blobs: BlobStore,
  tenantId: string,
  settings: CleaningSettings,
): Promise<ContaminationCheck | undefined> {
  const { enabled, datasetVersionId, minMatchedNgrams } = settings.contamination;
  if (!enabled || !datasetVersionId) return undefined;
  const version = await datasets.findVersion(tenantId, datasetVersionId);
  if (!version) throw new Error(`the contamination rule's dataset version ${datasetVersionId} no longer exists`);
  return { index: await versionNgrams(blobs, version.manifestBlobKey), sourceVersionId: version.id, minMatchedNgrams };
}
