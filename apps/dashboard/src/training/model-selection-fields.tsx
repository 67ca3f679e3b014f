import { DatasetVersionSummary } from '../api/data';
import { StartJob } from '../api/training';
import { SelectField, TextField } from '../components/fields';
import { Problems } from '../components/form-state';

/** A validation version (OpenAI's validation_file) and early stopping, as typed; empty patience means none. */
export type SelectionDraft = { validationDatasetVersionId: string; patience: string; minDelta: string };
export const DEFAULT_SELECTION_DRAFT: SelectionDraft = { validationDatasetVersionId: '', patience: '', minDelta: '0' };

/** The ranges training-service checks, said before the request goes out. */
export function selectionProblems(draft: SelectionDraft, datasetVersionId: string): Problems {
  const problems: Problems = {};
  if (draft.validationDatasetVersionId && draft.validationDatasetVersionId === datasetVersionId)
    problems.validationDatasetVersionId = 'Choose a version other than the one trained on, or none';
  const patience = Number(draft.patience);
  if (draft.patience.trim() && (!/^\d+$/.test(draft.patience.trim()) || patience < 1 || patience > 100))
    problems['earlyStopping.patience'] = 'Enter a whole number of checkpoints from 1 to 100, or leave it empty';
  const minDelta = Number(draft.minDelta);
  if (draft.patience.trim() && (draft.minDelta.trim() === '' || !(minDelta >= 0 && minDelta <= 10))) problems['earlyStopping.minDelta'] = 'Enter a loss difference from 0 to 10';
  return problems;
}

/** The job body's part: each field only when set. */
export function selectionSettings(draft: SelectionDraft): Pick<StartJob, 'validationDatasetVersionId' | 'earlyStopping'> {
  return {
    ...(draft.validationDatasetVersionId ? { validationDatasetVersionId: draft.validationDatasetVersionId } : {}),
    ...(draft.patience.trim() ? { earlyStopping: { patience: Number(draft.patience), minDelta: Number(draft.minDelta) } } : {}),
  };
}

export function ModelSelectionFields({
  draft,
  onChange,
  versions,
  problem,
}: {
  draft: SelectionDraft;
  onChange: (draft: SelectionDraft) => void;
  versions: DatasetVersionSummary[];
  problem: (field: string) => string | undefined;
}) {
  const field = (name: keyof SelectionDraft) => ({ value: draft[name], onChange: (e: { target: { value: string } }) => onChange({ ...draft, [name]: e.target.value }) });
  return (
    <fieldset>
      <legend>Which checkpoint becomes the model (the one with the lowest loss)</legend>
      <div className="form-row">
        <SelectField label="Validation dataset version" {...field('validationDatasetVersionId')} error={problem('validationDatasetVersionId')}>
          <option value="">None: the held-out tail of the training data</option>
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              {v.datasetName} v{v.version}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Early stopping patience (checkpoints)"
          inputMode="numeric"
          {...field('patience')}
          error={problem('earlyStopping.patience')}
          hint="Empty: no early stopping. Else stop after this many checkpoints without improvement."
        />
        <TextField label="Least improvement (loss)" inputMode="decimal" {...field('minDelta')} error={problem('earlyStopping.minDelta')} />
      </div>
    </fieldset>
  );
}
