import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSafetensors, encodeSafetensors } from '../model/safetensors';
import { initParams } from '../model/params';
import { loadTestCorpus, runSteps, tinyConfig } from './test-corpus';
import { Trainer } from './trainer';

const corpus = loadTestCorpus();
const config = tinyConfig(corpus.vocabulary.size);
const options = { batchSize: 4, seqLen: 16, seed: 3 };

jest.setTimeout(60_000);

describe('checkpoint format', () => {
  it('still resumes a version-1 checkpoint (GPT-2 config, written before training specs) where it stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkpoint-v1-'));
    const trainer = await Trainer.create(config, options, corpus.train, initParams(config, 1));
    await runSteps(trainer, 3);
    const path = join(dir, 'v2.ckpt');
    trainer.saveCheckpoint(path);
    const expected = await runSteps(trainer, 3);
    await trainer.release();

    // Version 1 kept `config` where version 2 keeps `spec`; tensors and every other field are unchanged.
    const content = decodeSafetensors(readFileSync(path));
    const { spec, ...rest } = JSON.parse(content.metadata['llmchain.checkpoint']);
    const v1 = { ...rest, version: 1, config: spec.model.config };
    const v1Path = join(dir, 'v1.ckpt');
    writeFileSync(v1Path, Buffer.concat(encodeSafetensors({ tensors: content.tensors, metadata: { 'llmchain.checkpoint': JSON.stringify(v1) } })));

    const resumed = await Trainer.resume(v1Path, corpus.train);
    expect(resumed.step).toBe(3);
    expect(await runSteps(resumed, 3)).toEqual(expected);
    await resumed.release();
  });
});
