// bench:lora. Training part: LoRA fine-tune tokens/s and peak RSS against a full fine-tune of the same shape
// (tools/bench/lora/training.ts). Prints a table, then as the last line {"bench":"lora_training",...}.
// `--quick` runs a small shape in well under a minute. `--shape qwen2.5-0.5b` runs LoRA alone on Qwen2.5-0.5B's shape
// (a full fine-tune of it does not fit beside the other work on this machine) and prints its line.
// `--serving [--rank r]` runs the serving part instead (tools/bench/lora/serving.ts): 16 streams over 16 adapters vs
// the base alone, and the memory of resident adapters.
import { runLoraServingBench } from './lora/serving';
import { BenchShape, describeShape, LoraTrainingMeasurement, measureInProcess, measureLoraTraining } from './lora/training';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function printTable(rows: LoraTrainingMeasurement[]): void {
  console.log('| method | trainable parameters | tokens/s | peak RSS (MiB) | loss, first step → last |');
  console.log('|---|---:|---:|---:|---|');
  for (const m of rows) {
    console.log(`| ${m.method} | ${m.trainableParams.toLocaleString('en')} | ${m.tokensPerSecond.toFixed(1)} | ${m.peakRssMiB.toFixed(0)} | ${m.firstLoss.toFixed(3)} → ${m.lastLoss.toFixed(3)} |`);
  }
  console.log('');
}

async function main(): Promise<void> {
  if (process.argv.includes('--serving')) return runLoraServingBench(Number(argValue('--rank') ?? 8));
  const shape = (argValue('--shape') ?? (process.argv.includes('--quick') ? 'quick' : 'default')) as BenchShape;
  const child = argValue('--child');
  if (child) {
    console.log(JSON.stringify(await measureInProcess(child as 'lora' | 'full', shape)));
    return;
  }
  console.log(describeShape(shape));
  console.log('');
  if (shape === 'qwen2.5-0.5b') {
    const [lora] = measureLoraTraining(__filename, shape, ['lora']);
    printTable([lora]);
    console.log(JSON.stringify({ bench: 'lora_training_0.5b', lora_tokens_per_s: Number(lora.tokensPerSecond.toFixed(1)), lora_peak_rss_mib: Math.round(lora.peakRssMiB) }));
    return;
  }
  const [lora, full] = measureLoraTraining(__filename, shape, ['lora', 'full']);
  printTable([lora, full]);
  console.log(JSON.stringify({
    bench: 'lora_training',
    lora_tokens_per_s: Math.round(lora.tokensPerSecond),
    full_tokens_per_s: Math.round(full.tokensPerSecond),
    speedup: Number((lora.tokensPerSecond / full.tokensPerSecond).toFixed(2)),
    lora_peak_rss_mib: Math.round(lora.peakRssMiB),
    full_peak_rss_mib: Math.round(full.peakRssMiB),
    rss_ratio: Number((lora.peakRssMiB / full.peakRssMiB).toFixed(2)),
  }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
