import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { preflightHfDirectory } from './import-preflight';

const FIXTURES = path.join(__dirname, '../../../../libs/model-runtime/src/__fixtures__/hf');

describe('preflightHfDirectory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'preflight-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const copy = (name: string) => cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  const editConfig = (change: Record<string, unknown>) => {
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), ...change }));
  };

  it.each([
    ['llama', 'llama', 2],
    ['qwen2 (sharded)', 'qwen2', 2],
    ['gpt2 (transformer. prefix)', 'gpt2', 4],
  ])('accepts the %s fixture and reads its architecture', (_what, name, kvHeads) => {
    copy(name);
    const model = preflightHfDirectory(dir);
    expect(model.architecture).toBe(name === 'gpt2' ? 'gpt2' : 'llama');
    expect('nKvHead' in model.config ? model.config.nKvHead : model.config.nHead).toBe(kvHeads);
  });

  it('names the first tensor whose shape the config contradicts', () => {
    copy('gpt2');
    editConfig({ n_embd: 128 });
    const message = (() => {
      try {
        preflightHfDirectory(dir);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    const [, actual, implied] = /^tensor transformer\.[\w.]+ has shape \[([\d,]+)\], config\.json implies \[([\d,]+)\]$/.exec(message) ?? [];
    // Doubling the width doubles every width-sized dimension of the tensor named: 64 → 128, 3·64 → 3·128.
    expect(implied.split(',').map(Number)).toEqual(actual.split(',').map((d) => (Number(d) % 64 === 0 ? Number(d) * 2 : Number(d))));
  });

  it('reads no weights when told not to, and still checks the config and tokenizer', () => {
    copy('llama');
    rmSync(path.join(dir, 'model.safetensors'));
    expect(preflightHfDirectory(dir, { weights: false }).architecture).toBe('llama');
    rmSync(path.join(dir, 'tokenizer.json'));
    expect(() => preflightHfDirectory(dir, { weights: false })).toThrow(/no tokenizer\.json/);
  });
});
