import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/api-error';
import { ErrorMessage } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
import { Problems, useSubmit } from '../components/form-state';
import { useResource } from '../components/use-resource';
import { useDataApi } from '../data/use-data-api';
import { useTrainingApi } from '../training/use-training-api';
import { CriterionDraft, criterionBody, draftProblems, newDraft } from './criterion-drafts';
import { CriterionFields } from './CriterionFields';
import { useEvalsApi } from './use-evals-api';

/** What the API takes per eval. */
const MAX_CRITERIA = 20;

/** A new eval: a name, the dataset version whose JSONL records are its items, and how each item is graded. */
export function CreateEvalForm() {
  const api = useEvalsApi();
  const data = useDataApi();
  const training = useTrainingApi();
  const navigate = useNavigate();
  const versions = useResource(() => data.datasetVersions(100), [data]);
  const models = useResource(() => training.models(100), [training]);
  const [name, setName] = useState('');
  const [versionId, setVersionId] = useState('');
  const [criteria, setCriteria] = useState<CriterionDraft[]>([newDraft(0)]);
  // As the run form: a retried click replays the eval the first one created; an answer starts a new key.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  const validate = (): Problems => ({
    name: name.trim() ? undefined : 'Name the eval',
    versionId: versionId ? undefined : 'Choose the dataset version whose records are the items',
    ...Object.assign({}, ...criteria.map(draftProblems)),
  });
  const form = useSubmit(
    validate,
    () =>
      api
        .createEval({ name: name.trim(), data_source_config: { type: 'dataset_version', dataset_version_id: versionId }, testing_criteria: criteria.map(criterionBody) }, idempotencyKey)
        .catch((error: unknown) => {
          if (error instanceof ApiError) setIdempotencyKey(crypto.randomUUID());
          throw error;
        }),
    (created) => navigate(`/evals/${created.id}`),
  );
  const update = (index: number, draft: CriterionDraft) => setCriteria(criteria.map((c, i) => (i === index ? draft : c)));

  return (
    <section className="card" aria-labelledby="create-eval">
      <h2 id="create-eval">Create an eval</h2>
      <form onSubmit={form.onSubmit} noValidate>
        <div className="form-row">
          <TextField label="Eval name" value={name} onChange={(e) => setName(e.target.value)} error={form.problem('name')} />
          <SelectField label="Items from dataset version" value={versionId} onChange={(e) => setVersionId(e.target.value)} error={form.problem('versionId', 'data_source_config.dataset_version_id')}>
            <option value="">Choose a version…</option>
            {(versions.data?.data ?? []).map((v) => (
              <option key={v.id} value={v.id}>
                {v.datasetName} v{v.version} ({v.documents.toLocaleString('en-US')} items)
              </option>
            ))}
          </SelectField>
        </div>
        {criteria.map((draft, index) => (
          <CriterionFields
            key={index}
            index={index}
            draft={draft}
            onChange={(changed) => update(index, changed)}
            onRemove={criteria.length > 1 ? () => setCriteria(criteria.filter((_, i) => i !== index)) : undefined}
            embeddingModels={(models.data?.data ?? []).filter((m) => m.kind !== 'adapter')}
            problem={form.problem}
          />
        ))}
        {criteria.length < MAX_CRITERIA && (
          <button type="button" onClick={() => setCriteria([...criteria, newDraft(criteria.length)])}>
            Add a criterion
          </button>
        )}
        <ErrorMessage error={form.formError()} />
        <button type="submit" className="primary" disabled={form.busy}>
          Create eval
        </button>
      </form>
    </section>
  );
}
