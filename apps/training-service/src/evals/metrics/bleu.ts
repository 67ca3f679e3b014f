/**
 * BLEU as sacrebleu computes it (Post, 2018, "A Call for Clarity in Reporting BLEU Scores"): the 13a tokenizer of
 * mteval-v13a.pl, clipped n-gram precisions for n = 1..4 against every reference, the brevity penalty against the
 * closest reference length, and its smoothing methods. Scores are on sacrebleu's 0–100 scale.
 */

const MAX_ORDER = 4;

/** sacrebleu's tokenizer_13a: unescape, then split punctuation off words the way mteval-v13a.pl does. */
export function tokenize13a(line: string): string[] {
  let text = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (text.includes('&')) text = text.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  text = ` ${text} `
    .replace(/([{-~[-`\x20-&(-+:-@\/])/g, ' $1 ')
    .replace(/([^0-9])([.,])/g, '$1 $2 ')
    .replace(/([.,])([^0-9])/g, ' $1 $2')
    .replace(/([0-9])(-)/g, '$1 $2 ');
  return text.split(/\s+/).filter((token) => token !== '');
}

function ngramCounts(tokens: string[], order: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + order <= tokens.length; i++) {
    const gram = tokens.slice(i, i + order).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** One segment's sufficient statistics; a corpus sums them. */
export interface BleuStats {
  hypothesisLength: number;
  referenceLength: number;
  correct: number[];
  total: number[];
}

export function bleuStats(hypothesis: string, references: readonly string[]): BleuStats {
  const hyp = tokenize13a(hypothesis);
  const refs = references.map(tokenize13a);
  // The reference closest in length to the hypothesis; on a tie, the shorter (sacrebleu's extract_reference_info).
  let referenceLength = refs[0]?.length ?? 0;
  for (const ref of refs) {
    const distance = Math.abs(ref.length - hyp.length);
    const best = Math.abs(referenceLength - hyp.length);
    if (distance < best || (distance === best && ref.length < referenceLength)) referenceLength = ref.length;
  }
  const correct: number[] = [];
  const total: number[] = [];
  for (let order = 1; order <= MAX_ORDER; order++) {
    const maxRefCounts = new Map<string, number>();
    for (const ref of refs) {
      for (const [gram, count] of ngramCounts(ref, order)) maxRefCounts.set(gram, Math.max(maxRefCounts.get(gram) ?? 0, count));
    }
    let matched = 0;
    for (const [gram, count] of ngramCounts(hyp, order)) matched += Math.min(count, maxRefCounts.get(gram) ?? 0);
    correct.push(matched);
    total.push(Math.max(0, hyp.length - order + 1));
  }
  return { hypothesisLength: hyp.length, referenceLength, correct, total };
}

export interface BleuScore {
  score: number;
  precisions: number[];
  brevityPenalty: number;
}

/** sacrebleu's compute_bleu with smooth_method 'exp' (its default) or 'none'. */
export function bleuFromStats(stats: BleuStats, options: { smooth: 'exp' | 'none'; effectiveOrder: boolean }): BleuScore {
  const precisions = new Array<number>(MAX_ORDER).fill(0);
  let smoothing = 1;
  let order = MAX_ORDER;
  for (let n = 1; n <= MAX_ORDER; n++) {
    if (stats.total[n - 1] === 0) break;
    if (options.effectiveOrder) order = n;
    if (stats.correct[n - 1] === 0) {
      if (options.smooth === 'exp') {
        smoothing *= 2;
        precisions[n - 1] = 100 / (smoothing * stats.total[n - 1]);
      }
    } else {
      precisions[n - 1] = (100 * stats.correct[n - 1]) / stats.total[n - 1];
    }
  }
  const { hypothesisLength: sys, referenceLength: ref } = stats;
  const brevityPenalty = sys >= ref ? 1 : sys > 0 ? Math.exp(1 - ref / sys) : 0;
  const logSum = precisions.slice(0, order).reduce((sum, p) => sum + (p === 0 ? -9999999999 : Math.log(p)), 0);
  return { score: brevityPenalty * Math.exp(logSum / order), precisions, brevityPenalty };
}

/** Corpus BLEU: statistics summed over segments; `references[k][i]` is the k-th reference of segment i, as sacrebleu takes them. */
export function corpusBleu(hypotheses: readonly string[], references: readonly (readonly string[])[]): BleuScore {
  const sum: BleuStats = { hypothesisLength: 0, referenceLength: 0, correct: [0, 0, 0, 0], total: [0, 0, 0, 0] };
  hypotheses.forEach((hypothesis, i) => {
    const stats = bleuStats(hypothesis, references.map((stream) => stream[i]));
    sum.hypothesisLength += stats.hypothesisLength;
    sum.referenceLength += stats.referenceLength;
    for (let n = 0; n < MAX_ORDER; n++) {
      sum.correct[n] += stats.correct[n];
      sum.total[n] += stats.total[n];
    }
  });
  return bleuFromStats(sum, { smooth: 'exp', effectiveOrder: false });
}

/** sacrebleu's sentence_bleu: exp smoothing with the effective order, so a short segment is not zeroed by its 4-grams. */
export function sentenceBleu(hypothesis: string, references: readonly string[]): BleuScore {
  return bleuFromStats(bleuStats(hypothesis, references), { smooth: 'exp', effectiveOrder: true });
}
