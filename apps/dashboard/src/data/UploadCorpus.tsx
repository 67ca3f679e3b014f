import { useRef, useState } from 'react';
import { Corpus, uploadCorpus } from '../api/data';
import { ErrorMessage, Notice } from '../components/feedback';
import { SelectField } from '../components/fields';
import { formatBytes } from '../components/format';
import { useTenantSession } from '../session/session';

const ACCEPTED = /\.(txt|jsonl)(\.gz)?$/i;

/** Upload with a progress bar; the file streams to data-service, which checks its type, encoding and size. */
export function UploadCorpus({ onUploaded }: { onUploaded: (corpus: Corpus & { created: boolean }) => void }) {
  const { apiKey } = useTenantSession();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [split, setSplit] = useState<'file' | 'blank-lines'>('blank-lines');
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<(Corpus & { created: boolean }) | null>(null);
  const cancel = useRef<(() => void) | null>(null);

  const start = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    if (!file) return setProblem('Choose a .txt, .jsonl, .txt.gz or .jsonl.gz file');
    if (!ACCEPTED.test(file.name)) return setProblem(`${file.name} is not a .txt, .jsonl, .txt.gz or .jsonl.gz file`);
    if (file.size === 0) return setProblem(`${file.name} is empty`);
    setProblem(null);
    setProgress(0);
    const upload = uploadCorpus(apiKey.key, file, split, setProgress);
    cancel.current = upload.cancel;
    try {
      const corpus = await upload.done;
      setDone(corpus);
      setFile(null);
      if (input.current) input.current.value = '';
      onUploaded(corpus);
    } catch (caught) {
      setError(caught);
    } finally {
      setProgress(null);
      cancel.current = null;
    }
  };

  return (
    <section className="card" aria-labelledby="upload-heading">
      <h2 id="upload-heading">Upload a corpus</h2>
      <form onSubmit={start} noValidate>
        <div className="form-row">
          <div className="field">
            <label htmlFor="corpus-file">Corpus file</label>
            <input
              id="corpus-file"
              ref={input}
              type="file"
              accept=".txt,.jsonl,.gz"
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? 'corpus-file-error' : 'corpus-file-hint'}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setProblem(null);
              }}
            />
            <small className="hint" id="corpus-file-hint">
              Plain text or JSON Lines (a <code>text</code> field per line), optionally gzipped.
            </small>
            {problem && (
              <small className="field-error" id="corpus-file-error">
                {problem}
              </small>
            )}
          </div>
          <SelectField label="Documents in a .txt file" value={split} onChange={(e) => setSplit(e.target.value as 'file' | 'blank-lines')}>
            <option value="blank-lines">One per paragraph (blank lines separate them)</option>
            <option value="file">The whole file is one document</option>
          </SelectField>
        </div>
        {progress !== null ? (
          <div className="actions">
            <label htmlFor="upload-progress">Uploading {file?.name}</label>
            <progress id="upload-progress" max={1} value={progress} aria-valuetext={`${Math.round(progress * 100)}%`} />
            <span>{Math.round(progress * 100)}%</span>
            <button type="button" onClick={() => cancel.current?.()}>
              Cancel upload
            </button>
          </div>
        ) : (
          <button type="submit" className="primary">
            Upload
          </button>
        )}
      </form>
      <ErrorMessage error={error} />
      {done && (
        <Notice>
          {done.created ? 'Uploaded' : 'Already uploaded before'}: <strong>{done.filename}</strong>, {done.documents.toLocaleString('en-US')} documents,{' '}
          {formatBytes(done.bytes)}. Select it below to clean it.
        </Notice>
      )}
    </section>
  );
}
