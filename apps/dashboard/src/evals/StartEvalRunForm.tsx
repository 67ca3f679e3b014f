import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/api-error';
import { Eval } from '../api/evals';
import { ErrorMessage } from '../components/feedback';
import { SelectField, TextArea, TextField } from '../components/fields';
import { Problems, useSubmit } from '../components/form-state';
import { useResource } from '../components/use-resource';
import { useTrainingApi } from '../training/use-training-api';
import { useEvalsApi } from './use-evals-api';

/** What the API takes for max_completion_tokens. */
const MAX_ANSWER_TOKENS = 256;

/** A run of the eval against one of the tenant's models or adapters (or a platform base). */
export function StartEvalRunForm({ evaluation }: { evaluation: Eval }) {
  const api = useEvalsApi();
  const training = useTrainingApi();
  const navigate = useNavigate();
  const models = useResource(() => training.models(100), [training]);
  const [model, setModel] = useState('');
  const [name, setName] = useState('');
  const [template, setTemplate] = useState('');
  const [maxTokens, setMaxTokens] = useState('32');
  const [checkpointStep, setCheckpointStep] = useState('');
  // A click retried after a lost connection replays the run the first one started instead of starting two; once the
  // service has answered (a run, or a refusal), the next request is a new one under a new key.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const newKeyOnAnswer = (error: unknown) => {
    if (error instanceof ApiError) setIdempotencyKey(crypto.randomUUID());
    throw error;
  };

  // Only a model trained here whole has its job's checkpoints to run.
  const trained = models.data?.data.find((m) => m.id === model)?.kind === 'trained';
  const validate = (): Problems => ({
    model: model ? undefined : 'Choose the model to evaluate',
    checkpointStep: trained && checkpointStep.trim() && !/^[1-9]\d*$/.test(checkpointStep.trim()) ? 'Enter the step of one of the job’s checkpoints, or leave it empty' : undefined,
    maxTokens: /^\d+$/.test(maxTokens) && Number(maxTokens) >= 1 && Number(maxTokens) <= MAX_ANSWER_TOKENS ? undefined : `Enter a whole number of tokens from 1 to ${MAX_ANSWER_TOKENS}`,
  });
  const form = useSubmit(
    validate,
    () =>
      api.startRun(
        evaluation.id,
        {
          ...(name.trim() ? { name: name.trim() } : {}),
          data_source: {
            type: 'completions',
            model,
            ...(trained && checkpointStep.trim() ? { checkpoint_step: Number(checkpointStep) } : {}),
            ...(template.trim() ? { input_messages: { type: 'template', template } } : {}),
            sampling_params: { max_completion_tokens: Number(maxTokens) },
          },
        },
        idempotencyKey,
      ).catch(newKeyOnAnswer),
    (run) => {
      setIdempotencyKey(crypto.randomUUID());
      navigate(`/evals/${evaluation.id}/runs/${run.id}`);
    },
  );

  return (
    <section className="card" aria-labelledby="start-run">
      <h2 id="start-run">Run this eval</h2>
      <form onSubmit={form.onSubmit} noValidate>
        <div className="form-row">
          <SelectField label="Model to evaluate" value={model} onChange={(e) => setModel(e.target.value)} error={form.problem('model', 'data_source.model')}>
            <option value="">Choose a model…</option>
            {(models.data?.data ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </SelectField>
          {trained && (
            <TextField
              label="Checkpoint step (optional)"
              inputMode="numeric"
              value={checkpointStep}
              onChange={(e) => setCheckpointStep(e.target.value)}
              error={form.problem('checkpointStep', 'data_source.checkpoint_step')}
              hint="A step the model’s training job saved a checkpoint at; empty: the model as registered."
            />
          )}
          <TextField label="Run name (optional)" value={name} onChange={(e) => setName(e.target.value)} error={form.problem('name')} />
          <TextField
            label="Longest answer (tokens)"
            inputMode="numeric"
            value={maxTokens}
            onChange={(e) => setMaxTokens(e.target.value)}
            error={form.problem('maxTokens', 'data_source.sampling_params.max_completion_tokens')}
          />
        </div>
        <TextArea
          label="Prompt template (optional)"
          rows={2}
          value={template}
          onChange={(e) => setTemplate(e.target.value)}
          error={form.problem('template', 'data_source.input_messages.template')}
          hint="What the model is asked for each item, e.g. “Question: {{item.question}} Answer:”. Needed when a criterion reads {{sample.output_text}}."
        />
        <ErrorMessage error={form.formError()} />
        <button type="submit" className="primary" disabled={form.busy}>
          Start run
        </button>
      </form>
    </section>
  );
}
