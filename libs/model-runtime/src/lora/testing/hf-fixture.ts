import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Checkpoint } from '../../import/checkpoint';
import { readCheckpointParams } from '../../import/checkpoint-params';
import { HF_FIXTURES } from '../../import/testing/reference-fixture';
import { fromHfModelConfig } from '../../inference/model-directory/hf-config';
import { DecoderModelConfig } from '../../model/decoder-model';
import { ModelParams } from '../../model/params';

/** A committed Hugging Face fixture's config and weights (F32 under the runtime's names), read by the import code. */
export function loadHfFixture(name: string): { model: DecoderModelConfig; params: ModelParams } {
  const dir = join(HF_FIXTURES, name);
  const model = fromHfModelConfig(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')));
  const checkpoint = Checkpoint.open(dir);
  try {
    return { model, params: readCheckpointParams(checkpoint, model) };
  } finally {
    checkpoint.close();
  }
}
