// bench:lora. Training part: LoRA fine-tune tokens/s and peak RSS against a full fine-tune of the same shape
// (tools/bench/lora/training.ts). Prints a table, then as the last line {"bench":"lora_training",...}.
// `--quick` runs a small shape in well under a minute.
import { describeShape, measureInProcess, measureLoraTraining } from './lora/training';

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const child = process.argv.indexOf('--child');
  if (child >= 0) {
    console.log(JSON.stringify(await measureInProcess(process.argv[child + 1] as 'lora' | 'full', quick)));
    return;
  }
  const [lora, full] = measureLoraTraining(__filename, quick);
  console.log(describeShape(quick));
  console.log('');
  console.log('| method | trainable parameters | tokens/s | peak RSS (MiB) | loss, first step → last |');
  console.log('|---|---:|---:|---:|---|');
  for (const m of [lora, full]) {
    console.log(`| ${m.method} | ${m.trainableParams.toLocaleString('en')} | ${m.tokensPerSecond.toFixed(0)} | ${m.peakRssMiB.toFixed(0)} | ${m.firstLoss.toFixed(3)} → ${m.lastLoss.toFixed(3)} |`);
  }
  console.log('');
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
