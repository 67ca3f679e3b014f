import * as ort from 'onnxruntime-node';
import { AutodiffGraph } from '../autodiff/autodiff-graph';
import { InvalidInputError } from '../errors';
import { createCpuSession } from '../onnx/cpu-session';
import { GptConfig, validateConfig } from './config';
import { gptLogits, paramInputs } from './gpt-graph';
import { elementCount, ModelParams, paramShapes } from './params';
import { tokenBatchToInt64 } from './token-batch';

/**
 * Logits [batch, seqLen, vocab] (row-major) of the training graph's forward pass without dropout, run in
 * onnxruntime. The reference that exported inference graphs are compared with.
 */
export async function forwardLogits(config: GptConfig, params: ModelParams, inputIds: number[][]): Promise<Float32Array> {
  validateConfig(config);
  const ids = tokenBatchToInt64(config, inputIds);
  const batch = inputIds.length;
  const seqLen = inputIds[0].length;

  const g = new AutodiffGraph('gpt_forward');
  const paramTensors = paramInputs(g, config);
  const inputTensor = g.input('input_ids', 'int64', [batch, seqLen]);
  g.output(gptLogits(g, config, paramTensors, inputTensor), 'logits');

  const feeds: Record<string, ort.Tensor> = { input_ids: new ort.Tensor('int64', ids, [batch, seqLen]) };
  for (const [name, shape] of paramShapes(config)) {
    const data = params.get(name);
    if (!data || data.length !== elementCount(shape)) throw new InvalidInputError(`parameter ${name} is missing or not of shape [${shape}]`);
    feeds[name] = new ort.Tensor('float32', data, shape);
  }
  const session = await createCpuSession(g.builder.toBytes());
  try {
    const { logits } = await session.run(feeds);
    return logits.data as Float32Array;
  } finally {
    await session.release();
  }
}
