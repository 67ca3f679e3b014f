// Worker thread of ClassifierTrainer: trains one quality model off the service's event loop and hands back its weights.
import { DEFAULT_TRAINING, LabelledText, trainQualityModel } from '@llmchain/data-cleaning';
import { parentPort, workerData } from 'node:worker_threads';

export type TrainRequest = { examples: LabelledText[]; deadline: number };
export type TrainResponse = { weights: Float32Array; bias: number; dimensions: number };

const { examples, deadline } = workerData as TrainRequest;
const model = trainQualityModel(examples, { ...DEFAULT_TRAINING, deadline });
parentPort?.postMessage({ weights: model.weights, bias: model.bias, dimensions: model.dimensions } satisfies TrainResponse, [model.weights.buffer as ArrayBuffer]);
