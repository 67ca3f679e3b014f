/**
 * Inter-annotator agreement on nominal labels. A unit is one document; its values are the labels its annotators gave.
 * Each returns null when there is nothing to measure (too few units or raters), rather than a misleading number.
 */

/** Cohen's kappa for two annotators over the units both labelled: (p_o - p_e) / (1 - p_e). */
export function cohensKappa(pairs: [string, string][]): number | null {
  if (pairs.length === 0) return null;
  const n = pairs.length;
  let agree = 0;
  const first = new Map<string, number>();
  const second = new Map<string, number>();
  for (const [a, b] of pairs) {
    if (a === b) agree++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  const observed = agree / n;
  let expected = 0;
  for (const [label, count] of first) expected += (count / n) * ((second.get(label) ?? 0) / n);
  if (expected === 1) return observed === 1 ? 1 : 0;
  return (observed - expected) / (1 - expected);
}

/** Fleiss' kappa: every unit rated by the same number (≥ 2) of annotators; `counts[i][k]` raters put unit i in class k. */
export function fleissKappa(counts: number[][]): number | null {
  if (counts.length === 0) return null;
  const raters = counts[0].reduce((a, b) => a + b, 0);
  if (raters < 2 || counts.some((row) => row.reduce((a, b) => a + b, 0) !== raters)) return null;
  const units = counts.length;
  const classes = counts[0].length;
  let meanAgreement = 0;
  const classTotals = new Array<number>(classes).fill(0);
  for (const row of counts) {
    let squares = 0;
    row.forEach((count, k) => {
      squares += count * count;
      classTotals[k] += count;
    });
    meanAgreement += (squares - raters) / (raters * (raters - 1));
  }
  meanAgreement /= units;
  const expected = classTotals.reduce((sum, total) => sum + (total / (units * raters)) ** 2, 0);
  if (expected === 1) return meanAgreement === 1 ? 1 : 0;
  return (meanAgreement - expected) / (1 - expected);
}

/**
 * Krippendorff's alpha for nominal data, any number of annotators, missing values allowed: 1 - D_o / D_e over the
 * coincidence matrix of the units with at least two values.
 */
export function krippendorffAlphaNominal(units: string[][]): number | null {
  const coincidences = new Map<string, Map<string, number>>();
  const add = (c: string, k: string, weight: number) => {
    const row = coincidences.get(c) ?? new Map<string, number>();
    row.set(k, (row.get(k) ?? 0) + weight);
    coincidences.set(c, row);
  };
  for (const values of units) {
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) add(values[i], values[j], 1 / (m - 1));
  }
  const totals = new Map<string, number>();
  let n = 0;
  let disagreement = 0;
  for (const [c, row] of coincidences) {
    for (const [k, weight] of row) {
      totals.set(c, (totals.get(c) ?? 0) + weight);
      n += weight;
      if (c !== k) disagreement += weight;
    }
  }
  if (n <= 1) return null;
  let expected = 0;
  for (const [c, nc] of totals) for (const [k, nk] of totals) if (c !== k) expected += nc * nk;
  if (expected === 0) return disagreement === 0 ? 1 : null;
  return 1 - ((n - 1) * disagreement) / expected;
}
