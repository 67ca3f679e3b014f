/**
 * OpenAI's eval templates: `{{item.field}}` (a field of the dataset item, dotted paths reach nested fields) and
 * `{{sample.output_text}}` (what the model under test generated for it). Strings go in as they are, other values as JSON.
 */

const REFERENCE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const PATH = /^(item|sample)(\.[A-Za-z0-9_-]+)+$/;

export type TemplateNamespaces = { item: Record<string, unknown>; sample?: { output_text: string } };

/** A reference the item (or sample) does not hold: the item is reported as errored, naming it. */
export class TemplateReferenceError extends Error {
  constructor(readonly reference: string) {
    super(`{{${reference}}} names nothing in this item`);
    this.name = 'TemplateReferenceError';
  }
}

/** The references a template makes, or the first malformed one as an error message (for a 400 at creation). */
export function templateReferences(template: string): { references: string[] } | { error: string } {
  const references: string[] = [];
  for (const match of template.matchAll(REFERENCE)) {
    if (!PATH.test(match[1])) return { error: `{{${match[1]}}} is not a reference: write {{item.<field>}} or {{sample.output_text}}` };
    references.push(match[1]);
  }
  return { references };
}

export function readsSample(template: string): boolean {
  const parsed = templateReferences(template);
  return 'references' in parsed && parsed.references.some((reference) => reference.startsWith('sample.'));
}

/** The value a reference names (a path into the namespaces). */
export function resolveReference(reference: string, namespaces: TemplateNamespaces): unknown {
  let value: unknown = namespaces;
  for (const key of reference.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) throw new TemplateReferenceError(reference);
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function renderTemplate(template: string, namespaces: TemplateNamespaces): string {
  return template.replace(REFERENCE, (_, reference: string) => {
    const value = resolveReference(reference, namespaces);
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}
