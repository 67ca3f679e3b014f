import { useRef, useState } from 'react';
import { Batch, BATCH_ENDPOINTS, BatchEndpoint, batchesApi } from '../api/batches';
import { ErrorMessage, Notice } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
import { useSubmit } from '../components/form-state';

/**
 * A batch from a JSONL file of requests: the file is uploaded (purpose batch, as OpenAI's files.create does), then the
 * batch is started on it. Serving checks every line at upload and answers what to fix; a file uploaded before a
 * refused start is not uploaded again.
 */
export function CreateBatchForm({ api, onCreated }: { api: ReturnType<typeof batchesApi>; onCreated: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [endpoint, setEndpoint] = useState<BatchEndpoint>('/v1/chat/completions');
  const [created, setCreated] = useState<Batch | null>(null);
  // Remounts the file input (clearing it) after a batch started.
  const [inputKey, setInputKey] = useState(0);
  const uploaded = useRef<{ file: File; id: string } | null>(null);
  const form = useSubmit(
    () => ({ file: file ? (file.size === 0 ? `${file.name} is empty: it needs one request per line` : undefined) : 'Choose a JSONL file of requests' }),
    async () => {
      const chosen = file as File;
      if (uploaded.current?.file !== chosen) uploaded.current = { file: chosen, id: (await api.upload(chosen)).id };
      return api.create({ input_file_id: uploaded.current.id, endpoint, completion_window: '24h' });
    },
    (batch) => {
      setCreated(batch);
      setFile(null);
      uploaded.current = null;
      setInputKey((k) => k + 1);
      onCreated();
    },
  );
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <div className="form-row">
        <TextField
          key={inputKey}
          label="Requests file (JSONL)"
          type="file"
          accept=".jsonl,application/jsonl,application/x-ndjson,text/plain"
          onChange={(e) => {
            setCreated(null);
            setFile(e.target.files?.[0] ?? null);
          }}
          error={form.problem('file')}
          hint={
            <>
              One request per line: <code>{'{"custom_id": …, "method": "POST", "url": …, "body": {…}}'}</code>
            </>
          }
        />
        <SelectField label="Endpoint" value={endpoint} onChange={(e) => setEndpoint(e.target.value as BatchEndpoint)} error={form.problem('endpoint')}>
          {BATCH_ENDPOINTS.map((e) => (
            <option key={e} value={e}>
              {e}
            </option>
          ))}
        </SelectField>
        <SelectField label="Completion window" defaultValue="24h" hint="Batches run in spare capacity, at a discount.">
          <option value="24h">within 24 hours</option>
        </SelectField>
      </div>
      <button type="submit" className="primary" disabled={form.busy}>
        Start batch
      </button>
      <ErrorMessage error={form.formError()} />
      {created && (
        <Notice>
          Started <span className="mono">{created.id}</span>; serving is checking its requests, and its progress shows below.
        </Notice>
      )}
    </form>
  );
}
