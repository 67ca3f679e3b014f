import { statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../model/atomic-write';
import { modelFilePath } from '../model-directory/model-directory';
import { HuggingFaceGraphSession } from '../session/hugging-face-graph';
import { sessionCache } from '../session/session-cache';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { randomParams, tinyConfig } from '../testing/tiny-model';
import { wholeSequenceLogits } from '../testing/whole-sequence-logits';
import { inferenceGraph } from './inference-graph';

describe('graphs with external data (weights past one protobuf message)', () => {
  afterAll(() => sessionCache.clear());

  it('load from model.onnx + model.onnx_data and compute what the inline graph does', async () => {
    const config = tinyConfig({ nLayer: 2 });
    const params = randomParams(config, 21);
    const inline = temporaryDirectory();
    const external = temporaryDirectory();
    try {
      exportTestModel(inline.dir, config, params);
      exportTestModel(external.dir, config, params);
      const file = modelFilePath(external.dir);
      // A limit of 0 bytes forces what a multi-gigabyte model gets.
      const serialized = inferenceGraph(config, params).serialize('model.onnx_data', 0);
      expect(serialized.externalData?.fileName).toBe('model.onnx_data');
      writeFileAtomic(path.join(path.dirname(file), 'model.onnx_data'), serialized.externalData?.chunks ?? []);
      writeFileSync(file, serialized.model);
      const inlineSize = statSync(modelFilePath(inline.dir)).size;
      expect(statSync(file).size).toBeLessThan(inlineSize / 2);
      expect(statSync(path.join(path.dirname(file), 'model.onnx_data')).size).toBeGreaterThan(inlineSize / 2);
      const ids = [[3, 1, 4, 1, 5, 9, 2, 6]];
      const expected = await wholeSequenceLogits(await HuggingFaceGraphSession.load(inline.dir), ids);
      const actual = await wholeSequenceLogits(await HuggingFaceGraphSession.load(external.dir), ids);
      expect(Array.from(actual)).toEqual(Array.from(expected));
    } finally {
      inline.remove();
      external.remove();
    }
  });

  it('stay inline while they fit', () => {
    const config = tinyConfig();
    expect(inferenceGraph(config, randomParams(config, 1)).serialize('model.onnx_data').externalData).toBeUndefined();
  });
});
