import { useEffect, useState } from 'react';
import { ModelImport } from '../api/training';
import { ErrorMessage, Notice } from '../components/feedback';
import { CheckboxField, SelectField, TextField } from '../components/fields';
import { Problems, useSubmit } from '../components/form-state';
import { useTrainingApi } from './use-training-api';

type Source = 'tar' | 'blob';
const FINISHED = ['succeeded', 'failed', 'cancelled'];
const POLL_MS = 1500;
/** What training-service takes as a model name. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

/**
 * Imports an open-weight base (a Hugging Face model directory): a tar of it uploaded from this browser, or a folder
 * already on the blob store. The import runs on a training worker; its progress shows here until the model is registered.
 */
export function ImportModelForm({ onImported }: { onImported: () => void }) {
  const api = useTrainingApi();
  const [source, setSource] = useState<Source>('tar');
  const [file, setFile] = useState<File | null>(null);
  const [blobKey, setBlobKey] = useState('');
  const [name, setName] = useState('');
  const [platform, setPlatform] = useState(false);
  // One key per form fill: a double submit or a retry after a dropped connection imports once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [started, setStarted] = useState<ModelImport | null>(null);

  const validate = (): Problems => ({
    archive: source === 'tar' && !file ? 'Choose a .tar of the model directory' : undefined,
    blob_key: source === 'blob' && !blobKey.trim() ? 'Enter the folder’s blob key, like tenants/<you>/uploads/qwen2.5-0.5b' : undefined,
    name: name && !NAME.test(name) ? 'Use letters, digits and . _ - : / (up to 128), starting with a letter or digit' : undefined,
  });
  const options = () => ({ name: name || undefined, platform, idempotencyKey });
  const form = useSubmit(
    validate,
    () => (source === 'tar' ? api.importTar(file!, options()) : api.importFromBlob(blobKey.trim(), options())),
    (created) => {
      setStarted(created);
      setIdempotencyKey(crypto.randomUUID());
    },
  );

  useEffect(() => {
    if (!started || FINISHED.includes(started.status)) {
      if (started?.status === 'succeeded') onImported();
      return;
    }
    const timer = setTimeout(() => void api.modelImport(started.id).then(setStarted, form.setError), POLL_MS);
    return () => clearTimeout(timer);
  }, [api, started, onImported, form.setError]);

  return (
    <section className="card" aria-labelledby="import-model">
      <h2 id="import-model">Import an open-weight base</h2>
      <form onSubmit={form.onSubmit} noValidate>
        <div className="form-row">
          <SelectField label="Source" value={source} onChange={(e) => setSource(e.target.value as Source)}>
            <option value="tar">Upload a tar of the model directory</option>
            <option value="blob">A folder on the blob store</option>
          </SelectField>
          {source === 'tar' ? (
            <TextField
              label="Model directory (.tar)"
              type="file"
              accept=".tar,application/x-tar"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              error={form.problem('archive')}
              hint="config.json, tokenizer files and safetensors weights, e.g. tar -cf qwen.tar Qwen2.5-0.5B"
            />
          ) : (
            <TextField label="Blob key" value={blobKey} onChange={(e) => setBlobKey(e.target.value)} error={form.problem('blob_key')} />
          )}
          <TextField label="Model name (optional)" value={name} onChange={(e) => setName(e.target.value)} error={form.problem('name')} hint="Empty: the directory’s name." />
        </div>
        <CheckboxField label="Platform-wide base (every tenant may call and fine-tune it; operators only)" checked={platform} onChange={(e) => setPlatform(e.target.checked)} />
        <ErrorMessage error={form.formError()} />
        <button type="submit" className="primary" disabled={form.busy}>
          {form.busy ? 'Uploading…' : 'Import'}
        </button>
      </form>
      {started && (
        <Notice>
          Import of <span className="mono">{started.name}</span>: {started.status}
          {started.progress ? ` — ${started.progress.phase} ${started.progress.done}/${started.progress.total} (${started.progress.item})` : ''}
          {started.error ? ` — ${started.error}` : ''}
        </Notice>
      )}
    </section>
  );
}
