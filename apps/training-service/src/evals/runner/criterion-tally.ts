/** One criterion's verdict on one item, in OpenAI's output_item shape plus what the grader saw. */
export interface CriterionResult {
  testing_criteria: string;
  type: string;
  passed: boolean;
  /** The criterion's score: similarity 0–1, the grader's score, 1/0 for a check or a pick; null when it errored. */
  score: number | null;
  error?: string;
  /** What decided it (the rendered input and reference, the pick and its log-likelihoods, the grader's reply). */
  detail?: Record<string, unknown>;
}

export type ResultCounts = { total: number; passed: number; failed: number; errored: number };

export type CriterionSummary = {
  testing_criteria: string;
  type: string;
  passed: number;
  failed: number;
  errored: number;
  pass_rate: number | null;
  mean_score: number | null;
};

type GradedItem = { results: CriterionResult[]; error: string | null; passed: boolean | null };

/** Item counts and per-criterion pass rates and mean scores, added to as items are graded (and from those a resumed run kept). */
export class CriterionTally {
  private readonly counts: ResultCounts = { total: 0, passed: 0, failed: 0, errored: 0 };
  private readonly perCriterion: Map<string, { type: string; passed: number; failed: number; errored: number; scoreSum: number; scored: number }>;

  constructor(criteria: readonly { name: string; type: string }[]) {
    this.perCriterion = new Map(criteria.map((c) => [c.name, { type: c.type, passed: 0, failed: 0, errored: 0, scoreSum: 0, scored: 0 }]));
  }

  add(item: GradedItem): void {
    this.counts.total++;
    if (item.error !== null) this.counts.errored++;
    else if (item.passed) this.counts.passed++;
    else this.counts.failed++;
    for (const result of item.results) {
      const entry = this.perCriterion.get(result.testing_criteria);
      if (!entry) continue;
      if (result.error !== undefined) entry.errored++;
      else if (result.passed) entry.passed++;
      else entry.failed++;
      if (result.score !== null && result.error === undefined) {
        entry.scoreSum += result.score;
        entry.scored++;
      }
    }
  }

  resultCounts(): ResultCounts {
    return { ...this.counts };
  }

  summaries(): CriterionSummary[] {
    return [...this.perCriterion].map(([name, e]) => {
      const graded = e.passed + e.failed;
      return {
        testing_criteria: name,
        type: e.type,
        passed: e.passed,
        failed: e.failed,
        errored: e.errored,
        pass_rate: graded > 0 ? e.passed / graded : null,
        mean_score: e.scored > 0 ? e.scoreSum / e.scored : null,
      };
    });
  }
}

/** An item passes when every criterion passed; it errored when it or any criterion could not be graded. */
export function itemVerdict(results: CriterionResult[], itemError: string | null): { passed: boolean | null; error: string | null } {
  const error = itemError ?? results.find((r) => r.error !== undefined)?.error ?? null;
  return error !== null ? { passed: null, error } : { passed: results.every((r) => r.passed), error: null };
}
