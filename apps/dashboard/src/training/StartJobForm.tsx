import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { RegisteredModel, StartJob, TrainingKind } from '../api/training';
import { useDataApi } from '../data/use-data-api';
import { ErrorMessage } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
import { Problems, useSubmit } from '../components/form-state';
import { useResource } from '../components/use-resource';
import { BaseModelField } from './BaseModelField';
import { DEFAULT_LORA_DRAFT, loraAdapter, LoraAdapterFields, loraProblems } from './lora-adapter-fields';
import { DEFAULT_SELECTION_DRAFT, ModelSelectionFields, selectionProblems, selectionSettings } from './model-selection-fields';
import { useTrainingApi } from './use-training-api';

type Goal = 'model' | 'tokenizer';
type Method = 'full' | 'lora';

/** A number field that also takes “auto” (the service picks), or is left empty (the default). */
const autoNumber = (text: string) => (text.trim() === '' ? undefined : text.trim() === 'auto' ? 'auto' : Number(text));
const validAuto = (text: string, integer: boolean, min: number) => {
  const value = autoNumber(text);
  return value === undefined || value === 'auto' || (!Number.isNaN(value) && value >= min && (!integer || Number.isInteger(value)));
};
const wholeNumber = (text: string) => /^[1-9]\d*$/.test(text.trim());
/** What training-service takes as a name suffix. */
const SUFFIX = /^[a-z0-9][a-z0-9-]{0,39}$/;

type ShapeField = 'layers' | 'heads' | 'embeddingSize' | 'contextLength' | 'vocabSize';
/** The model's shape, each field optional (empty: the service's default). */
const SHAPE_LABELS: Record<ShapeField, string> = {
  layers: 'Layers',
  heads: 'Attention heads',
  embeddingSize: 'Embedding size',
  contextLength: 'Context length (tokens)',
  vocabSize: 'Vocabulary size',
};
/** A fine-tune keeps its base model's shape and tokenizer; a tokenizer job has only a vocabulary. */
const SHAPE_FIELDS_OF: Record<TrainingKind, ShapeField[]> = {
  pretrain: ['layers', 'heads', 'embeddingSize', 'contextLength', 'vocabSize'],
  tokenizer: ['vocabSize'],
  finetune: [],
};

export function StartJobForm() {
  const api = useTrainingApi();
  const data = useDataApi();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const versions = useResource(() => data.datasetVersions(100), [data]);
  const models = useResource(() => api.models(100), [api]);
  const [goal, setGoal] = useState<Goal>('model');
  const [datasetVersionId, setDataset] = useState(params.get('dataset') ?? '');
  const [baseModelId, setBaseModelId] = useState('');
  const [method, setMethod] = useState<Method>('lora');
  const [lora, setLora] = useState(DEFAULT_LORA_DRAFT);
  const [shape, setShape] = useState<Record<ShapeField, string>>({ layers: '', heads: '', embeddingSize: '', contextLength: '', vocabSize: '' });
  const [steps, setSteps] = useState('auto');
  const [batchSize, setBatchSize] = useState('auto');
  const [learningRate, setLearningRate] = useState('auto');
  const [checkpointEvery, setCheckpointEvery] = useState('');
  const [suffix, setSuffix] = useState('');
  const [selection, setSelection] = useState(DEFAULT_SELECTION_DRAFT);
  // No base pre-trains a new model; a base is fine-tuned, whole or through a LoRA adapter.
  const kind: TrainingKind = goal === 'tokenizer' ? 'tokenizer' : baseModelId ? 'finetune' : 'pretrain';
  const base = (models.data?.data ?? []).find((m) => m.id === baseModelId);
  const chooseBase = (model: RegisteredModel | undefined) => {
    setBaseModelId(model?.id ?? '');
    // Only a GPT-2 model trained here is small enough to fine-tune whole; a Llama-family base trains an adapter.
    setMethod(model?.kind === 'trained' && model.architecture === 'gpt2' ? 'full' : 'lora');
  };
  const lorajob = kind === 'finetune' && method === 'lora';
  // A LoRA job keeps its base's shape but trains on a window of it (the API's model.contextLength).
  const shapeFields: ShapeField[] = lorajob ? ['contextLength'] : SHAPE_FIELDS_OF[kind];

  const validate = (): Problems => {
    const problems: Problems = {};
    if (!datasetVersionId) problems.datasetVersionId = 'Choose the dataset version to train on';
    if (kind === 'finetune' && method === 'full' && base?.architecture === 'llama') problems.method = 'A Llama-family base fine-tunes through a LoRA adapter: choose LoRA';
    if (lorajob) Object.assign(problems, loraProblems(lora));
    for (const field of shapeFields) if (shape[field] && !wholeNumber(shape[field])) problems[`model.${field}`] = 'Enter a whole number, or leave it empty for the default';
    if (kind !== 'tokenizer') {
      if (!validAuto(steps, true, 1)) problems['hyperparameters.steps'] = 'Enter a whole number of steps, or auto';
      if (!validAuto(batchSize, true, 1)) problems['hyperparameters.batchSize'] = 'Enter a whole batch size, or auto';
      if (!validAuto(learningRate, false, 0)) problems['hyperparameters.learningRate'] = 'Enter a learning rate like 0.0003, or auto';
      if (checkpointEvery && !wholeNumber(checkpointEvery)) problems['hyperparameters.checkpointEvery'] = 'Enter a whole number of steps, or leave it empty';
      Object.assign(problems, selectionProblems(selection, datasetVersionId));
    }
    if (suffix && !SUFFIX.test(suffix)) problems.suffix = 'Use lowercase letters, digits and dashes (up to 40), starting with a letter or digit';
    return problems;
  };
  const body = (): StartJob => {
    const model = Object.fromEntries(shapeFields.filter((field) => shape[field]).map((field) => [field, Number(shape[field])]));
    const hyperparameters = Object.fromEntries(
      Object.entries({
        steps: autoNumber(steps),
        batchSize: autoNumber(batchSize),
        learningRate: autoNumber(learningRate),
        checkpointEvery: checkpointEvery ? Number(checkpointEvery) : undefined,
      }).filter(([, v]) => v !== undefined),
    );
    return {
      kind,
      datasetVersionId,
      ...(Object.keys(model).length ? { model } : {}),
      // A fine-tune takes OpenAI's form: the hyperparameters under method.supervised, a LoRA adapter beside it.
      ...(kind === 'finetune' ? { baseModelId, method: { type: 'supervised' as const, supervised: { hyperparameters } } } : {}),
      ...(lorajob ? { adapter: loraAdapter(lora) } : {}),
      ...(kind === 'pretrain' ? { hyperparameters } : {}),
      ...(kind !== 'tokenizer' ? selectionSettings(selection) : {}),
      ...(suffix ? { suffix } : {}),
    };
  };
  const form = useSubmit(validate, () => api.startJob(body()), (job) => navigate(`/training/jobs/${job.id}`));

  return (
    <section className="card" aria-labelledby="start-job">
      <h2 id="start-job">Start a training job</h2>
      <form onSubmit={form.onSubmit} noValidate>
        <div className="form-row">
          <SelectField label="Kind of job" value={goal} onChange={(e) => setGoal(e.target.value as Goal)}>
            <option value="model">Train a model</option>
            <option value="tokenizer">Tokenizer (byte-level BPE)</option>
          </SelectField>
          <SelectField label="Dataset version" value={datasetVersionId} onChange={(e) => setDataset(e.target.value)} error={form.problem('datasetVersionId')}>
            <option value="">Choose a version…</option>
            {(versions.data?.data ?? []).map((v) => (
              <option key={v.id} value={v.id}>
                {v.datasetName} v{v.version} ({v.estimatedTokens.toLocaleString('en-US')} tokens)
              </option>
            ))}
          </SelectField>
          {goal === 'model' && <BaseModelField models={models.data?.data ?? []} value={baseModelId} onChange={chooseBase} />}
          {kind === 'finetune' && (
            <SelectField label="Method" value={method} onChange={(e) => setMethod(e.target.value as Method)} error={form.problem('method')}>
              <option value="lora">LoRA adapter</option>
              <option value="full">Full fine-tune (small GPT-2 models)</option>
            </SelectField>
          )}
          <TextField label="Model name suffix (optional)" value={suffix} onChange={(e) => setSuffix(e.target.value)} error={form.problem('suffix')} />
        </div>
        {shapeFields.length > 0 && (
          <fieldset>
            <legend>{kind === 'tokenizer' ? 'Tokenizer (empty: the default)' : lorajob ? 'Training window (empty: the default)' : 'Model shape (empty: the defaults)'}</legend>
            <div className="form-row">
              {shapeFields.map((field) => (
                <TextField
                  key={field}
                  label={SHAPE_LABELS[field]}
                  inputMode="numeric"
                  value={shape[field]}
                  onChange={(e) => setShape((all) => ({ ...all, [field]: e.target.value }))}
                  error={form.problem(`model.${field}`)}
                />
              ))}
            </div>
          </fieldset>
        )}
        {lorajob && <LoraAdapterFields draft={lora} onChange={setLora} problem={form.problem} />}
        {kind !== 'tokenizer' && (
          <fieldset>
            <legend>Hyperparameters (“auto”: chosen from the data and the model)</legend>
            <div className="form-row">
              <TextField label="Steps" value={steps} onChange={(e) => setSteps(e.target.value)} error={form.problem('hyperparameters.steps')} />
              <TextField label="Batch size" value={batchSize} onChange={(e) => setBatchSize(e.target.value)} error={form.problem('hyperparameters.batchSize')} />
              <TextField label="Learning rate" value={learningRate} onChange={(e) => setLearningRate(e.target.value)} error={form.problem('hyperparameters.learningRate')} />
              <TextField
                label="Checkpoint every (steps)"
                inputMode="numeric"
                value={checkpointEvery}
                onChange={(e) => setCheckpointEvery(e.target.value)}
                error={form.problem('hyperparameters.checkpointEvery')}
                hint="Empty: ten checkpoints over the run."
              />
            </div>
          </fieldset>
        )}
        {kind !== 'tokenizer' && <ModelSelectionFields draft={selection} onChange={setSelection} versions={versions.data?.data ?? []} problem={form.problem} />}
        <ErrorMessage error={form.formError()} />
        <button type="submit" className="primary" disabled={form.busy}>
          Start job
        </button>
      </form>
    </section>
  );
}
