import { useRef, useState } from 'react';
import { ConnectorRun, ImportFormat } from '../api/connectors';
import { ErrorMessage, Notice } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
import { Problems, useSubmit } from '../components/form-state';
import { useConnectorsApi } from './use-connectors-api';

const FORMATS: [ImportFormat, string][] = [
  ['csv', 'CSV table'],
  ['jsonl', 'JSON Lines table'],
  ['parquet', 'Parquet table'],
  ['warc', 'WARC web archive'],
  ['wet', 'WET extracted text'],
];
const TABLES = new Set<ImportFormat>(['csv', 'jsonl', 'parquet']);
const DELIMITERS: [string, string][] = [
  [',', 'comma'],
  [';', 'semicolon'],
  ['\t', 'tab'],
  ['|', 'pipe'],
];

/** One table or web archive imported as a corpus; a table names its text column and the metadata columns it keeps. */
export function ImportForm({ onImported }: { onImported: (run: ConnectorRun) => void }) {
  const api = useConnectorsApi();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('csv');
  const [text, setText] = useState('text');
  const [metadata, setMetadata] = useState('');
  const [delimiter, setDelimiter] = useState(',');
  const [done, setDone] = useState<{ run: ConnectorRun; created: boolean } | null>(null);
  const table = TABLES.has(format);

  const validate = (): Problems => ({
    file: file ? (file.size === 0 ? `${file.name} is empty` : undefined) : 'Choose the file to import',
    text: table && !text.trim() ? 'Name the column that holds the text' : undefined,
  });
  const form = useSubmit(
    validate,
    () =>
      api.importFile(file as File, {
        format,
        ...(table ? { text: text.trim(), metadata: metadata.trim() || undefined } : {}),
        ...(format === 'csv' ? { delimiter } : {}),
      }),
    ({ run, corpus }) => {
      setDone({ run, created: corpus.created });
      setFile(null);
      if (input.current) input.current.value = '';
      onImported(run);
    },
  );

  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading">Import a table or a web archive</h2>
      <form onSubmit={form.onSubmit} noValidate>
        <div className="form-row">
          <div className="field">
            <label htmlFor="import-file">File to import</label>
            <input
              id="import-file"
              ref={input}
              type="file"
              aria-invalid={form.problem('file') ? true : undefined}
              aria-describedby={form.problem('file') ? 'import-file-error' : undefined}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
            {form.problem('file') && (
              <small className="field-error" id="import-file-error">
                {form.problem('file')}
              </small>
            )}
          </div>
          <SelectField label="Format" value={format} onChange={(e) => setFormat(e.target.value as ImportFormat)}>
            {FORMATS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          {table && (
            <>
              <TextField label="Text column" value={text} onChange={(e) => setText(e.target.value)} error={form.problem('text')} />
              <TextField
                label="Metadata columns (comma-separated)"
                value={metadata}
                onChange={(e) => setMetadata(e.target.value)}
                error={form.problem('metadata')}
                hint="Kept beside each document's text; evals read them as {{item.<column>}}."
              />
            </>
          )}
          {format === 'csv' && (
            <SelectField label="Delimiter" value={delimiter} onChange={(e) => setDelimiter(e.target.value)}>
              {DELIMITERS.map(([value, label]) => (
                <option key={label} value={value}>
                  {label}
                </option>
              ))}
            </SelectField>
          )}
        </div>
        <ErrorMessage error={form.formError()} />
        <button type="submit" className="primary" disabled={form.busy}>
          {form.busy ? 'Importing…' : 'Import'}
        </button>
      </form>
      {done && (
        <Notice>
          {done.created ? 'Imported' : 'Already imported before'}: {done.run.documents.toLocaleString('en-US')} documents
          {Object.keys(done.run.skipped).length > 0 && `, skipped ${Object.entries(done.run.skipped).map(([reason, n]) => `${n} ${reason}`).join(', ')}`}. The corpus is
          ready to clean on the Corpora page.
        </Notice>
      )}
    </section>
  );
}
