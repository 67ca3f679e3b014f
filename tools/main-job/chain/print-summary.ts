import { plot } from 'asciichart';
import { printTable } from '../print-table';
import { ChainResult } from './run-chain';

const LOSS_CURVE_WIDTH = 60;

/** The main job's closing summary: cleaning headline, loss curve, a sample completion, usage, invoice, step times. */
export function printSummary(result: ChainResult, out: NodeJS.WritableStream = process.stdout): void {
  const { cleaned, model, completions, usage, invoice, timings } = result;
  const r = cleaned.report;
  out.write(`\n━━ Summary for ${result.tenant.name} (${result.tenant.tenantId})\n`);

  out.write('\nCleaning\n');
  printTable(
    ['documents in', 'kept', 'removed', 'bytes in → out', 'PII redacted', 'duplicate clusters', 'languages'],
    [[
      String(r.documentsIn),
      String(r.documentsOut),
      String(r.documentsIn - r.documentsOut),
      `${r.bytesIn} → ${r.bytesOut}`,
      String(Object.values(r.pii).reduce((a, b) => a + b, 0)),
      String(r.duplicateClusterCount),
      Object.entries(r.languages).map(([language, n]) => `${language} ${n}`).join(', '),
    ]], out);
  out.write(`removed by rule: ${Object.entries(r.removedByRule).map(([rule, n]) => `${rule} ${n}`).join(', ') || 'none'}\n`);

  out.write(`\nTraining loss (${model.modelName}, ${model.job.trainedTokens} tokens)\n`);
  out.write(`${plot(sample(model.lossCurve.map((p) => p.loss), LOSS_CURVE_WIDTH), { height: 10, format: (x) => x.toFixed(2).padStart(6) })}\n`);
  out.write(`steps 1 → ${model.lossCurve.at(-1)?.step ?? 0}; validation loss ${model.metrics.valLoss?.toFixed(3)}, perplexity ${model.metrics.valPerplexity?.toFixed(1)}\n`);

  out.write('\nSample completion\n');
  out.write(`  ${completions.prompt}${completions.completion}\n`);

  out.write(`\nMetered usage (${usage.period})\n`);
  printTable(['meter', 'tokens'], Object.entries(usage.totals).map(([meter, tokens]) => [meter, String(tokens)]), out);

  out.write(`\nInvoice so far (${invoice.period}, ${invoice.currency})\n`);
  printTable(
    ['line', 'amount'],
    [...invoice.lines.map((line) => [line.description, money(line.amountMinor)]), ['total', money(invoice.totalMinor)]], out);

  const total = timings.reduce((a, t) => a + t.ms, 0);
  out.write('\nWhere the time went\n');
  printTable(['step', 'seconds', 'share'], timings.map((t) => [t.step, (t.ms / 1000).toFixed(1), `${Math.round((100 * t.ms) / total)}%`]), out);
}

/** At most `width` points, evenly picked, so a long run's curve fits the terminal. */
function sample(values: number[], width: number): number[] {
  if (values.length <= width) return values.length ? values : [0];
  return Array.from({ length: width }, (_, i) => values[Math.round((i * (values.length - 1)) / (width - 1))]);
}

function money(minor: string | number): string {
  return (Number(minor) / 100).toFixed(2);
}
