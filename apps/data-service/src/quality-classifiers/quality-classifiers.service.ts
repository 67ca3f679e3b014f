import { classifierMetrics, heldOutSplit, scoreQuality } from '@llmchain/data-cleaning';
import { BLOB_STORE, BlobStore, ListQuery } from '@llmchain/platform';
import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AnnotationRepository } from '../annotation/annotation.repository';
import { QualityClassifier } from '../generated/prisma/client';
import { trainInWorker } from './classifier-trainer';
import { TrainClassifierRequest } from './quality-classifier.dto';
import { QualityClassifiersRepository } from './quality-classifiers.repository';
import { serializeQualityModel } from './quality-model-blob';

const HELD_OUT_SHARE = 0.2;
const MIN_PER_CLASS = 10;
const TRAINING_BUDGET_MS = 120_000;

/**
 * Trains a new version of a project's quality classifier from its approved labels: each labelled document counts as
 * good or bad by the majority of its approved labels (ties and labels in neither list left out), a fifth is held out
 * by hash, the model trains in a worker thread, and its held-out figures are stored with it.
 */
@Injectable()
export class QualityClassifiersService {
  constructor(
    private readonly classifiers: QualityClassifiersRepository,
    private readonly annotation: AnnotationRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async train(tenantId: string, request: TrainClassifierRequest): Promise<QualityClassifier> {
    const project = await this.annotation.findProject(tenantId, request.projectId);
    if (!project) throw new NotFoundException(`no annotation project ${request.projectId}`);
    const examples = (await this.classifiers.approvedLabels(project.id)).flatMap(({ text, labels }) => {
      const good = labels.filter((label) => request.goodLabels.includes(label)).length;
      const bad = labels.filter((label) => request.badLabels.includes(label)).length;
      return good === bad ? [] : [{ text, good: good > bad }];
    });
    const { training, heldOut } = heldOutSplit(examples, HELD_OUT_SHARE);
    const goodCount = training.filter((example) => example.good).length;
    if (goodCount < MIN_PER_CLASS || training.length - goodCount < MIN_PER_CLASS)
      throw new BadRequestException(
        `the project's approved labels give ${goodCount} good and ${training.length - goodCount} bad training documents: approve at least ${MIN_PER_CLASS} of each`,
      );
    if (heldOut.length === 0) throw new BadRequestException('too few approved labels to hold any out: approve more');
    const model = await trainInWorker({ examples: training, deadline: Date.now() + TRAINING_BUDGET_MS });
    const metrics = classifierMetrics(heldOut.map((example) => ({ good: example.good, score: scoreQuality(model, example.text) })));
    const staged = await this.blobs.stage();
    await staged.write(serializeQualityModel(model));
    const { sha256 } = await staged.finish();
    const modelBlobKey = `tenants/${tenantId}/quality-classifiers/${sha256}.bin`;
    await staged.commit(modelBlobKey);
    return this.classifiers.insertNextVersion({
      tenantId,
      projectId: project.id,
      goodLabels: request.goodLabels,
      badLabels: request.badLabels,
      trainingDocuments: training.length,
      metrics,
      modelBlobKey,
      modelSha256: sha256,
    });
  }

  async get(tenantId: string, id: string): Promise<QualityClassifier> {
    const classifier = await this.classifiers.findById(tenantId, id);
    if (!classifier) throw new NotFoundException(`no quality classifier ${id}`);
    return classifier;
  }

  /** The tenant's classifier versions, newest first, `limit` at a time (one row more read to tell whether more follow). */
  list(tenantId: string, query: ListQuery): Promise<QualityClassifier[]> {
    return this.classifiers.list(tenantId, query);
  }
}
