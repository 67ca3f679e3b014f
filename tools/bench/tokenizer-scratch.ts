import { loadR50kBase } from '@llmchain/tokenizer';
import { buildBenchmarkText } from './tokenizer-corpus';
const text = buildBenchmarkText(12_000_000, 1, true);
const tok = loadR50kBase();
for (let i = 0; i < 3; i++) {
  const t = process.cpuUsage(); const w = Date.now();
  const n = tok.encode(text).length;
  const c = process.cpuUsage(t);
  console.log('wall', (Date.now() - w), 'cpu ms', Math.round((c.user + c.system) / 1000), 'MB/s(cpu)', (12e6 / ((c.user + c.system) / 1e6) / 1e6).toFixed(2), n);
}
