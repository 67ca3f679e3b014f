import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ModelImportError } from '../errors';
import { temporaryDirectory } from '../inference/testing/model-directory-fixture';
import { Checkpoint } from './checkpoint';
import { importHfModelDirectory } from './import-hf-model';
import { HF_FIXTURES } from './testing/reference-fixture';
import { float32Bytes, RawTensor, writeRawSafetensors } from './testing/raw-safetensors';

/** The fixture's tensors, all as F32, to rewrite with one changed. */
function tensorsOf(dir: string): Record<string, RawTensor> {
  const checkpoint = Checkpoint.open(dir);
  try {
    return Object.fromEntries(
      [...checkpoint.tensors].map(([name, { location }]) => [name, { dtype: 'F32', shape: location.shape, bytes: float32Bytes(checkpoint.read(name)) }]),
    );
  } finally {
    checkpoint.close();
  }
}

describe('importHfModelDirectory refuses what it cannot import, naming the field, and writes nothing', () => {
  let root: string;
  let remove: () => void;
  let source: string;
  let out: string;
  beforeEach(() => {
    ({ dir: root, remove } = temporaryDirectory('llmchain-import-errors-'));
    out = path.join(root, 'out');
  });
  afterEach(() => remove());

  function copyFixture(family: string): string {
    source = path.join(root, family);
    cpSync(path.join(HF_FIXTURES, family), source, { recursive: true });
    return source;
  }

  function editConfig(family: string, edit: (config: Record<string, unknown>) => void): void {
    const file = path.join(copyFixture(family), 'config.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    edit(config);
    writeFileSync(file, JSON.stringify(config));
  }

  async function expectRefusal(field: string, message: RegExp): Promise<void> {
    const refusal = await importHfModelDirectory(source, out).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ModelImportError);
    expect(refusal).toMatchObject({ field, message: expect.stringMatching(message) });
    expect(existsSync(out)).toBe(false);
  }

  it.each([
    ['llama', 'architectures', (c: Record<string, unknown>) => (c.architectures = ['FalconForCausalLM']), /unsupported architecture/],
    ['llama', 'num_key_value_heads', (c: Record<string, unknown>) => (c.num_key_value_heads = 3), /must divide num_attention_heads/],
    ['llama', 'rope_scaling.rope_type', (c: Record<string, unknown>) => (c.rope_scaling = { rope_type: 'yarn', factor: 4 }), /not supported/],
    ['llama', 'rope_scaling.original_max_position_embeddings', (c: Record<string, unknown>) => delete (c.rope_scaling as Record<string, unknown>).original_max_position_embeddings, /is missing/],
    ['llama', 'hidden_act', (c: Record<string, unknown>) => (c.hidden_act = 'gelu'), /supported: silu/],
    ['llama', 'attention_bias', (c: Record<string, unknown>) => (c.attention_bias = true), /o_proj/],
    ['mistral', 'vocab_size', (c: Record<string, unknown>) => delete c.vocab_size, /is missing/],
    ['qwen2', 'rms_norm_eps', (c: Record<string, unknown>) => (c.rms_norm_eps = -1), /positive number/],
    ['gpt2', 'n_inner', (c: Record<string, unknown>) => (c.n_inner = 100), /4·n_embd/],
    ['gpt2', 'activation_function', (c: Record<string, unknown>) => (c.activation_function = 'relu'), /not supported/],
    ['gpt2', 'tie_word_embeddings', (c: Record<string, unknown>) => (c.tie_word_embeddings = false), /must be true/],
  ])('%s with a bad %s', async (family, field, edit, message) => {
    editConfig(family, edit);
    await expectRefusal(field, message);
  });

  it('a config whose shapes disagree with the weights names the first tensor that does not fit', async () => {
    editConfig('llama', (c) => (c.intermediate_size = 96));
    await expectRefusal('model.layers.0.mlp.gate_proj.weight', /shape \[128,64\], the config implies \[96,64\]/);
  });

  it('names missing and unexpected tensors', async () => {
    const dir = copyFixture('mistral');
    const tensors = tensorsOf(dir);
    delete tensors['model.layers.1.mlp.up_proj.weight'];
    writeRawSafetensors(path.join(dir, 'model.safetensors'), tensors);
    await expectRefusal('model.layers.1.mlp.up_proj.weight', /lacks tensors: model\.layers\.1\.mlp\.up_proj\.weight/);
    tensors['model.layers.1.mlp.up_proj.weight'] = tensors['model.layers.0.mlp.up_proj.weight'];
    tensors['model.layers.2.mlp.up_proj.weight'] = tensors['model.layers.0.mlp.up_proj.weight'];
    writeRawSafetensors(path.join(dir, 'model.safetensors'), tensors);
    await expectRefusal('model.layers.2.mlp.up_proj.weight', /tensors the config does not describe: model\.layers\.2/);
  });

  it('refuses a shard index that points outside the directory or at a shard without the tensor', async () => {
    const dir = copyFixture('qwen2');
    const indexFile = path.join(dir, 'model.safetensors.index.json');
    const index = JSON.parse(readFileSync(indexFile, 'utf8'));
    const [first] = Object.keys(index.weight_map);
    writeFileSync(indexFile, JSON.stringify({ ...index, weight_map: { ...index.weight_map, [first]: '../secret.safetensors' } }));
    await expectRefusal('model.safetensors.index.json', /expected a \*\.safetensors file beside it/);
    const elsewhere = Object.values(index.weight_map).find((shard) => shard !== index.weight_map[first]);
    writeFileSync(indexFile, JSON.stringify({ ...index, weight_map: { ...index.weight_map, [first]: elsewhere } }));
    await expectRefusal(first, /which does not hold it/);
  });

  it('refuses a directory without config.json, tokenizer.json or valid weights, links, and an output directory in use', async () => {
    const dir = copyFixture('gpt2');
    const restore = (file: string) => cpSync(path.join(HF_FIXTURES, 'gpt2', file), path.join(dir, file));
    writeFileSync(path.join(dir, 'model.safetensors'), '');
    await expectRefusal('model.safetensors', /not a valid safetensors file/);
    restore('model.safetensors');
    rmSync(path.join(dir, 'tokenizer.json'));
    await expectRefusal('tokenizer.json', /has no tokenizer\.json/);
    restore('tokenizer.json');
    rmSync(path.join(dir, 'config.json'));
    await expectRefusal('config.json', /has no config\.json/);
    restore('config.json');
    rmSync(path.join(dir, 'tokenizer_config.json'));
    symlinkSync('/etc/hostname', path.join(dir, 'tokenizer_config.json'));
    await expectRefusal('tokenizer_config.json', /not a regular file/);
    rmSync(path.join(dir, 'tokenizer_config.json'));
    restore('tokenizer_config.json');
    await importHfModelDirectory(dir, out);
    await expect(importHfModelDirectory(dir, out)).rejects.toMatchObject({ field: 'outDir' });
  });
});
