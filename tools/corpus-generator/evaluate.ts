import { CleaningOutcome, PII_TYPES, PiiType } from '@llmchain/data-cleaning';
import { PlantedLabel } from './generate-corpus';

type Tally = { planted: number; found: number; detected: number };

export type AccuracyScores = {
  piiRecall: number;
  piiPrecision: number;
  piiByType: Record<PiiType, { recall: number; precision: number; planted: number; detected: number }>;
  /**
   * Recall per `type/form` (precision has no form: a detection beyond the planted ones belongs to no planted form).
   * Only forms with a miss are listed in `piiMissedForms`, with their recall and count, to keep reports short.
   */
  piiByForm: Record<string, { recall: number; planted: number }>;
  piiMissedForms: Record<string, { recall: number; planted: number }>;
  /** Near duplicates planted at true Jaccard ≥ 0.8 that were removed as duplicates. */
  nearDuplicateRecall: number;
  nearDuplicatesScored: number;
  exactDuplicateRecall: number;
  exactDuplicatesScored: number;
  junkRecall: number;
  /** Originals removed (a false positive of some rule). */
  originalsRemoved: number;
  languageAccuracy: number;
};

/**
 * Scores decisions against what the generator planted, one document at a time (so a benchmark can stream a large
 * corpus through it). PII is scored on kept documents: a planted value counts as found when it no longer appears in
 * the output and the stage counted one of its type; detections beyond what was planted count against precision.
 */
export class AccuracyScorer {
  private readonly forms = new Map<string, { planted: number; found: number }>();
  private readonly pii = Object.fromEntries(PII_TYPES.map((t) => [t, { planted: 0, found: 0, detected: 0 }])) as Record<PiiType, Tally>;
  private near = { scored: 0, caught: 0 };
  private exact = { scored: 0, caught: 0 };
  private junk = { scored: 0, caught: 0 };
  private language = { scored: 0, right: 0 };
  private originalsRemoved = 0;

  add(label: PlantedLabel, { decision, output }: CleaningOutcome): void {
    const removedAsDuplicate =
      decision.status === 'removed' && (decision.rule === 'exact_duplicate' || decision.rule === 'near_duplicate');
    if (label.kind === 'near_duplicate' && (label.jaccard ?? 0) >= 0.8) {
      this.near.scored++;
      if (removedAsDuplicate) this.near.caught++;
    }
    if (label.kind === 'exact_duplicate') {
      this.exact.scored++;
      if (decision.status === 'removed' && decision.rule === 'exact_duplicate') this.exact.caught++;
    }
    if (label.kind === 'junk') {
      this.junk.scored++;
      if (decision.status === 'removed') this.junk.caught++;
    }
    if (label.kind === 'original') {
      if (decision.status === 'removed') this.originalsRemoved++;
      if (decision.language) {
        this.language.scored++;
        if (decision.language === label.language) this.language.right++;
      }
    }
    if (!output) return;
    const detectedCounts = decision.status === 'redacted' ? decision.pii : {};
    for (const { type, value, form } of label.pii) {
      const key = `${type}/${form}`;
      const tally = this.forms.get(key) ?? { planted: 0, found: 0 };
      tally.planted++;
      if (!output.text.includes(value)) tally.found++;
      this.forms.set(key, tally);
    }
    for (const type of PII_TYPES) {
      const planted = label.pii.filter((p) => p.type === type);
      const gone = planted.filter((p) => !output.text.includes(p.value)).length;
      const detected = detectedCounts[type] ?? 0;
      const tally = this.pii[type];
      tally.planted += planted.length;
      tally.found += Math.min(gone, detected);
      tally.detected += detected;
    }
  }

  scores(): AccuracyScores {
    const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 10_000) / 10_000);
    const totals = Object.values(this.pii).reduce(
      (sum, t) => ({ planted: sum.planted + t.planted, found: sum.found + t.found, detected: sum.detected + t.detected }),
      { planted: 0, found: 0, detected: 0 },
    );
    return {
      piiRecall: ratio(totals.found, totals.planted),
      piiPrecision: ratio(totals.found, totals.detected),
      piiByType: Object.fromEntries(
        PII_TYPES.map((t) => {
          const tally = this.pii[t];
          return [t, { recall: ratio(tally.found, tally.planted), precision: ratio(tally.found, tally.detected), planted: tally.planted, detected: tally.detected }];
        }),
      ) as AccuracyScores['piiByType'],
      piiByForm: Object.fromEntries([...this.forms].sort().map(([key, t]) => [key, { recall: ratio(t.found, t.planted), planted: t.planted }])),
      piiMissedForms: Object.fromEntries(
        [...this.forms].sort().filter(([, t]) => t.found < t.planted).map(([key, t]) => [key, { recall: ratio(t.found, t.planted), planted: t.planted }]),
      ),
      nearDuplicateRecall: ratio(this.near.caught, this.near.scored),
      nearDuplicatesScored: this.near.scored,
      exactDuplicateRecall: ratio(this.exact.caught, this.exact.scored),
      exactDuplicatesScored: this.exact.scored,
      junkRecall: ratio(this.junk.caught, this.junk.scored),
      originalsRemoved: this.originalsRemoved,
      languageAccuracy: ratio(this.language.right, this.language.scored),
    };
  }
}

