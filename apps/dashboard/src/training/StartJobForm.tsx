import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { StartJob, TrainingKind } from '../api/training';
import { useDataApi } from '../data/use-data-api';
import { ErrorMessage } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
import { Problems, useSubmit } from '../components/form-state';
import { useResource } from '../components/use-resource';
import { useTrainingApi } from './use-training-api';

const KINDS: [TrainingKind, string][] = [
  ['tokenizer', 'Tokenizer (byte-level BPE)'],
  ['pretrain', 'Pre-train a model'],
  ['finetune', 'Fine-tune a model'],
];

/** A number field that also takes “auto” (the service picks), or is left empty (the default). */
const autoNumber = (text: string) => (text.trim() === '' ? undefined : text.trim() === 'auto' ? 'auto' : Number(text));
const validAuto = (text: string, integer: boolean, min: number) => {
  const value = autoNumber(text);
  return value === undefined || value === 'auto' || (!Number.isNaN(value) && value >= min && (!integer || Number.isInteger(value)));
};

export function StartJobForm() {
  const api = useTrainingApi();
  const data = useDataApi();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const versions = useResource(() => data.datasetVersions(100), [data]);
  const models = useResource(() => api.models(100), [api]);
  const [kind, setKind] = useState<TrainingKind>('pretrain');
  const [datasetVersionId, setDataset] = useState(params.get('dataset') ?? '');
  const [baseModelId, setBaseModel] = useState('');
  const [steps, setSteps] = useState('auto');
  const [batchSize, setBatchSize] = useState('auto');
  const [learningRate, setLearningRate] = useState('auto');
  const [layers, setLayers] = useState('');
  const [embeddingSize, setEmbeddingSize] = useState('');
  const [suffix, setSuffix] = useState('');

  const validate = (): Problems => {
    const problems: Problems = {};
    if (!datasetVersionId) problems.datasetVersionId = 'Choose the dataset version to train on';
    if (kind === 'finetune' && !baseModelId) problems.baseModelId = 'Choose the model to fine-tune';
    if (!validAuto(steps, true, 1)) problems['hyperparameters.steps'] = 'Enter a whole number of steps, or auto';
    if (!validAuto(batchSize, true, 1)) problems['hyperparameters.batchSize'] = 'Enter a whole batch size, or auto';
    if (!validAuto(learningRate, false, 0)) problems['hyperparameters.learningRate'] = 'Enter a learning rate like 0.0003, or auto';
    if (layers && !/^[1-9]\d*$/.test(layers)) problems['model.layers'] = 'Enter a whole number of layers';
    if (embeddingSize && !/^[1-9]\d*$/.test(embeddingSize)) problems['model.embeddingSize'] = 'Enter a whole embedding size';
    if (suffix && !/^[A-Za-z0-9_-]{1,40}$/.test(suffix)) problems.suffix = 'Use letters, digits, _ or - (up to 40)';
    return problems;
  };
  const body = (): StartJob => ({
    kind,
    datasetVersionId,
    ...(kind === 'finetune' ? { baseModelId } : {}),
    ...(kind !== 'tokenizer' && (layers || embeddingSize)
      ? { model: { ...(layers ? { layers: Number(layers) } : {}), ...(embeddingSize ? { embeddingSize: Number(embeddingSize) } : {}) } }
      : {}),
    ...(kind !== 'tokenizer'
      ? {
          hyperparameters: Object.fromEntries(
            Object.entries({ steps: autoNumber(steps), batchSize: autoNumber(batchSize), learningRate: autoNumber(learningRate) }).filter(([, v]) => v !== undefined),
          ),
        }
      : {}),
    ...(suffix ? { suffix } : {}),
  });
  const form = useSubmit(validate, () => api.startJob(body()), (job) => navigate(`/training/jobs/${job.id}`));

  return (
    <section className="card" aria-labelledby="start-job">
      <h2 id="start-job">Start a training job</h2>
      <form onSubmit={form.onSubmit} noValidate>
        <div className="form-row">
          <SelectField label="Kind of job" value={kind} onChange={(e) => setKind(e.target.value as TrainingKind)}>
            {KINDS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Dataset version" value={datasetVersionId} onChange={(e) => setDataset(e.target.value)} error={form.problem('datasetVersionId')}>
            <option value="">Choose a version…</option>
            {(versions.data?.data ?? []).map((v) => (
              <option key={v.id} value={v.id}>
                {v.datasetName} v{v.version} ({v.estimatedTokens.toLocaleString('en-US')} tokens)
              </option>
            ))}
          </SelectField>
          {kind === 'finetune' && (
            <SelectField label="Base model" value={baseModelId} onChange={(e) => setBaseModel(e.target.value)} error={form.problem('baseModelId')}>
              <option value="">Choose a model…</option>
              {(models.data?.data ?? []).map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </SelectField>
          )}
          <TextField label="Model name suffix (optional)" value={suffix} onChange={(e) => setSuffix(e.target.value)} error={form.problem('suffix')} />
        </div>
        {kind !== 'tokenizer' && (
          <fieldset>
            <legend>Model size and hyperparameters (empty: defaults; “auto”: chosen from the data)</legend>
            <div className="form-row">
              <TextField label="Layers" inputMode="numeric" value={layers} onChange={(e) => setLayers(e.target.value)} error={form.problem('model.layers')} />
              <TextField label="Embedding size" inputMode="numeric" value={embeddingSize} onChange={(e) => setEmbeddingSize(e.target.value)} error={form.problem('model.embeddingSize')} />
              <TextField label="Steps" value={steps} onChange={(e) => setSteps(e.target.value)} error={form.problem('hyperparameters.steps')} />
              <TextField label="Batch size" value={batchSize} onChange={(e) => setBatchSize(e.target.value)} error={form.problem('hyperparameters.batchSize')} />
              <TextField label="Learning rate" value={learningRate} onChange={(e) => setLearningRate(e.target.value)} error={form.problem('hyperparameters.learningRate')} />
            </div>
          </fieldset>
        )}
        <ErrorMessage error={form.formError()} />
        <button type="submit" className="primary" disabled={form.busy}>
          Start job
        </button>
      </form>
    </section>
  );
}
