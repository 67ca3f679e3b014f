import { createHash } from 'node:crypto';
import { LabelledText } from './logistic-regression';

export type ClassifierMetrics = {
  examples: number;
  threshold: number;
  accuracy: number;
  precision: number;
  recall: number;
  /** Area under the ROC curve: the chance a random good example scores above a random bad one (ties count half). */
  auc: number;
};

/** Held-out figures of scores against labels, `good` predicted at score >= threshold. */
export function classifierMetrics(scored: { score: number; good: boolean }[], threshold = 0.5): ClassifierMetrics {
  let truePositive = 0;
  let falsePositive = 0;
  let trueNegative = 0;
  let falseNegative = 0;
  for (const { score, good } of scored) {
    const predicted = score >= threshold;
    if (predicted && good) truePositive++;
    else if (predicted) falsePositive++;
    else if (good) falseNegative++;
    else trueNegative++;
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    examples: scored.length,
    threshold,
    accuracy: ratio(truePositive + trueNegative, scored.length),
    precision: ratio(truePositive, truePositive + falsePositive),
    recall: ratio(truePositive, truePositive + falseNegative),
    auc: rankAuc(scored),
  };
}

/** AUC by the Mann-Whitney U statistic over average ranks: O(n log n), ties handled by midranks. */
function rankAuc(scored: { score: number; good: boolean }[]): number {
  const sorted = [...scored].sort((a, b) => a.score - b.score);
  const positives = sorted.filter((item) => item.good).length;
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j].score === sorted[i].score) j++;
    const midrank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (sorted[k].good) rankSum += midrank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Splits labelled texts into training and held-out sets by a hash of each text (not by position), so the split is the
 * same whatever order the labels arrive in, and a retrain on more labels keeps earlier held-out texts held out.
 */
export function heldOutSplit<T extends LabelledText>(examples: T[], heldOutShare: number): { training: T[]; heldOut: T[] } {
  const training: T[] = [];
  const heldOut: T[] = [];
  for (const example of examples) {
    const bucket = createHash('sha256').update(example.text).digest().readUInt32BE(0) / 2 ** 32;
    (bucket < heldOutShare ? heldOut : training).push(example);
  }
  return { training, heldOut };
}
