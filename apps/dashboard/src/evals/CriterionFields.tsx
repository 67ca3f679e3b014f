import { RegisteredModel } from '../api/training';
import { SelectField, TextArea, TextField } from '../components/fields';
import { CriterionDraft, DRAFT_TYPES, DraftType, SIMILARITY_METRICS, STRING_OPERATIONS } from './criterion-drafts';

type Props = {
  index: number;
  draft: CriterionDraft;
  onChange: (draft: CriterionDraft) => void;
  onRemove?: () => void;
  /** Models that give embeddings (not adapters), for cosine. */
  embeddingModels: RegisteredModel[];
  /** The problem under a field: the form's own (`<index>.<field>`), else the API's (`testing_criteria.<index>.<apiField>`). */
  problem: (field: string, apiField: string) => string | undefined;
};

/** One criterion of the create-eval form: its type, then the fields that type takes. */
export function CriterionFields({ index, draft, onChange, onRemove, embeddingModels, problem }: Props) {
  const set = <K extends keyof CriterionDraft>(key: K, value: CriterionDraft[K]) => onChange({ ...draft, [key]: value });
  const error = (field: keyof CriterionDraft, apiField: string = field) => problem(`${index}.${field}`, `testing_criteria.${index}.${apiField}`);
  return (
    <fieldset className="card">
      <legend>Criterion {index + 1}</legend>
      <div className="form-row">
        <SelectField label="Grader" value={draft.type} onChange={(e) => set('type', e.target.value as DraftType)}>
          {DRAFT_TYPES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </SelectField>
        <TextField label="Name" value={draft.name} onChange={(e) => set('name', e.target.value)} error={error('name')} />
      </div>
      {draft.type === 'multiple_choice' ? (
        <>
          <TextArea label="Context" rows={2} value={draft.context} onChange={(e) => set('context', e.target.value)} error={error('context')} hint="The text each choice continues, e.g. “Question: {{item.question}}\nAnswer:”." />
          <TextArea label="Choices" rows={3} value={draft.choices} onChange={(e) => set('choices', e.target.value)} error={error('choices')} hint="One choice template a line, or one {{item.<field>}} naming a list in each item." />
          <TextField label="Right answer" value={draft.answer} onChange={(e) => set('answer', e.target.value)} error={error('answer')} hint="The right choice’s text or 0-based index, e.g. {{item.answer}}." />
        </>
      ) : (
        <>
          <div className="form-row">
            <TextField label="Text graded" value={draft.input} onChange={(e) => set('input', e.target.value)} error={error('input')} hint="{{sample.output_text}} is the model’s answer." />
            <TextField label="Reference" value={draft.reference} onChange={(e) => set('reference', e.target.value)} error={error('reference')} />
          </div>
          {draft.type === 'string_check' ? (
            <SelectField label="Operation" value={draft.operation} onChange={(e) => set('operation', e.target.value as CriterionDraft['operation'])} error={error('operation')}>
              {STRING_OPERATIONS.map((op) => (
                <option key={op} value={op}>
                  {op}
                </option>
              ))}
            </SelectField>
          ) : (
            <div className="form-row">
              <SelectField label="Metric" value={draft.metric} onChange={(e) => set('metric', e.target.value as CriterionDraft['metric'])} error={error('metric', 'evaluation_metric')}>
                {SIMILARITY_METRICS.map((metric) => (
                  <option key={metric} value={metric}>
                    {metric}
                  </option>
                ))}
              </SelectField>
              <TextField label="Pass threshold (0–1)" inputMode="decimal" value={draft.passThreshold} onChange={(e) => set('passThreshold', e.target.value)} error={error('passThreshold', 'pass_threshold')} />
              {draft.metric === 'cosine' && (
                <SelectField label="Embedding model" value={draft.model} onChange={(e) => set('model', e.target.value)} error={error('model')}>
                  <option value="">Choose a model…</option>
                  {embeddingModels.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                    </option>
                  ))}
                </SelectField>
              )}
            </div>
          )}
        </>
      )}
      {onRemove && (
        <button type="button" className="danger" onClick={onRemove} aria-label={`Remove criterion ${index + 1}`}>
          Remove
        </button>
      )}
    </fieldset>
  );
}
