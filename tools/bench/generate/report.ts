import { GptConfig, ModelVariant } from '../../../libs/model-runtime/src';

export interface SpeedFigures {
  ttftMs: number;
  decodeTokS: number;
  decodeTokPerCpuS?: number;
}

export interface VariantFigures {
  variant: ModelVariant;
  sizeMb: number;
  decodeTokS: number;
  perplexity: number;
}

export interface GenerateReport {
  config: GptConfig;
  modelNote: string;
  runNote: string;
  batch: number;
  llmchainB1: SpeedFigures;
  llmchainB8: SpeedFigures;
  transformersB1: SpeedFigures;
  tokensAgree: boolean;
  variants: VariantFigures[];
  perplexityNote: string;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** The table, the target checks, and the one-line JSON summary last. */
export function printReport(r: GenerateReport): void {
  const c = r.config;
  console.log(
    `model: ${c.nLayer} layers, width ${c.nEmbd}, ${c.nHead} heads, context ${c.contextLength}, ` +
      `vocab ${c.vocabSize}, ${r.modelNote}`,
  );
  console.log(r.runNote);
  console.log('');
  console.log('| runtime          | batch | ttft ms | decode tok/s |');
  console.log('|------------------|-------|---------|--------------|');
  const cells = (values: string[], widths: number[]) =>
    `| ${values.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join(' | ')} |`;
  const row = (name: string, batch: number, f: SpeedFigures) =>
    console.log(cells([name, String(batch), f.ttftMs.toFixed(1), f.decodeTokS.toFixed(1)], [16, 5, 7, 12]));
  row('llmchain', 1, r.llmchainB1);
  row('llmchain', r.batch, r.llmchainB8);
  row('transformers.js', 1, r.transformersB1);
  console.log('');
  const vsTransformers = r.llmchainB1.decodeTokS / r.transformersB1.decodeTokS;
  const batchGain = r.llmchainB8.decodeTokS / r.llmchainB1.decodeTokS;
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  console.log(`llmchain b1 / transformers.js b1 decode: ${vsTransformers.toFixed(2)}x (target >= 1: ${verdict(vsTransformers >= 1)})`);
  console.log(`llmchain b${r.batch} / b1 aggregate decode: ${batchGain.toFixed(2)}x (target >= 4: ${verdict(batchGain >= 4)})`);
  const cpuB1 = r.llmchainB1.decodeTokPerCpuS ?? NaN;
  const cpuB8 = r.llmchainB8.decodeTokPerCpuS ?? NaN;
  console.log(
    `llmchain decode per CPU-second of this process (less exposed to other processes than wall time): b1 ${cpuB1.toFixed(1)}, ` +
      `b${r.batch} ${cpuB8.toFixed(1)} tokens, ${(cpuB8 / cpuB1).toFixed(2)}x`,
  );
  console.log(`greedy tokens identical to transformers.js: ${r.tokensAgree ? 'yes' : 'NO'}`);
  console.log('');
  console.log('| weights | onnx MB | decode tok/s b1 | held-out perplexity |');
  console.log('|---------|---------|-----------------|---------------------|');
  for (const v of r.variants) {
    const figures = [v.variant, v.sizeMb.toFixed(2), v.decodeTokS.toFixed(1), v.perplexity.toFixed(3)];
    console.log(cells(figures, [7, 7, 15, 19]));
  }
  console.log(r.perplexityNote);
  console.log(
    JSON.stringify({
      bench: 'generate',
      ttft_ms: round(r.llmchainB1.ttftMs, 2),
      decode_tok_s: {
        llmchain_b1: round(r.llmchainB1.decodeTokS),
        llmchain_b8: round(r.llmchainB8.decodeTokS),
        transformers_js_b1: round(r.transformersB1.decodeTokS),
      },
    }),
  );
}
