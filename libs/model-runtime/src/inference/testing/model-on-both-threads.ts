import { GptConfig } from '../../model/config';
import { InferenceModel } from '../session/inference-model';
import { sessionCache } from '../session/session-cache';
import { exportTestModel, temporaryDirectory } from './model-directory-fixture';
import { randomParams } from './tiny-model';

export interface ModelOnBothThreads {
  /** The model directory. */
  readonly dir: string;
  /** Loaded on a worker thread of its own (SessionThread). */
  readonly threaded: InferenceModel;
  /** Loaded on this thread: the reference the worker's results must equal. */
  readonly local: InferenceModel;
}

/**
 * A random-weight model exported before the suite's tests and loaded twice, on a worker thread and on this thread;
 * closed and removed after them. Its fields are there once the suite's tests run.
 */
export function modelOnBothThreads(config: GptConfig, seed: number): ModelOnBothThreads {
  const fixture = temporaryDirectory();
  const models = { dir: fixture.dir } as { dir: string; threaded: InferenceModel; local: InferenceModel };
  beforeAll(async () => {
    exportTestModel(fixture.dir, config, randomParams(config, seed));
    models.threaded = await InferenceModel.load(fixture.dir, { thread: 'worker' });
    models.local = await InferenceModel.load(fixture.dir);
  });
  afterAll(async () => {
    await models.threaded?.close();
    await sessionCache.clear();
    fixture.remove();
  });
  return models;
}
