import { cohensKappa, fleissKappa, krippendorffAlphaNominal } from './agreement';
import { LabelSchema, Span } from './annotation.dto';

export type AnnotationForAgreement = { taskId: string; annotator: string; label: string | null; spans: Span[] };

type Scores = { cohenKappa: number | null; fleissKappa: number | null; krippendorffAlpha: number | null; units: number };

export type ProjectAgreement = {
  annotators: number;
  classification: (Scores & { perLabel: Record<string, Scores> }) | null;
  /** Per span label: whether each annotator marked at least one span of it in a document (document-level agreement). */
  spans: Record<string, Scores>;
};

/**
 * Agreement per project and per label over every submitted annotation (reviewed or not: agreement measures the
 * annotators, not the review). Cohen's kappa when the project has exactly two annotators, Fleiss' kappa when every
 * multiply-labelled document has the same number of annotators, Krippendorff's alpha always (it allows missing values).
 * Per label: the same measures on "this label or not".
 */
export function projectAgreement(annotations: AnnotationForAgreement[], schema: LabelSchema): ProjectAgreement {
  const annotators = [...new Set(annotations.map((a) => a.annotator))].sort();
  const byTask = new Map<string, AnnotationForAgreement[]>();
  for (const annotation of annotations) byTask.set(annotation.taskId, [...(byTask.get(annotation.taskId) ?? []), annotation]);
  const units = [...byTask.values()].filter((unit) => unit.length >= 2);

  const score = (valueOf: (a: AnnotationForAgreement) => string | null, categories: string[]): Scores => {
    const valued = units
      .map((unit) => unit.flatMap((a) => (valueOf(a) === null ? [] : [{ annotator: a.annotator, value: valueOf(a) as string }])))
      .filter((unit) => unit.length >= 2);
    let cohen: number | null = null;
    if (annotators.length === 2) {
      const pairs = valued.flatMap((unit) => {
        const first = unit.find((v) => v.annotator === annotators[0]);
        const second = unit.find((v) => v.annotator === annotators[1]);
        return first && second ? [[first.value, second.value] as [string, string]] : [];
      });
      cohen = round(cohensKappa(pairs));
    }
    const raters = new Set(valued.map((unit) => unit.length));
    const fleiss =
      valued.length > 0 && raters.size === 1
        ? round(fleissKappa(valued.map((unit) => categories.map((c) => unit.filter((v) => v.value === c).length))))
        : null;
    return {
      cohenKappa: cohen,
      fleissKappa: fleiss,
      krippendorffAlpha: round(krippendorffAlphaNominal(valued.map((unit) => unit.map((v) => v.value)))),
      units: valued.length,
    };
  };

  const binary = ['yes', 'no'];
  const classification =
    schema.classes.length === 0
      ? null
      : {
          ...score((a) => a.label, schema.classes),
          perLabel: Object.fromEntries(
            schema.classes.map((c) => [c, score((a) => (a.label === null ? null : a.label === c ? 'yes' : 'no'), binary)]),
          ),
        };
  const spans = Object.fromEntries(
    schema.spanLabels.map((label) => [label, score((a) => (a.spans.some((s) => s.label === label) ? 'yes' : 'no'), binary)]),
  );
  return { annotators: annotators.length, classification, spans };
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10_000) / 10_000;
}
