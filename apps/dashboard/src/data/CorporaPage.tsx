import { useState } from 'react';
import { Link } from 'react-router';
import { Corpus } from '../api/data';
import { useCursorList } from '../components/cursor-list';
import { EmptyState, Loaded } from '../components/feedback';
import { formatBytes, formatDateTime, shortId } from '../components/format';
import { usePaged } from '../components/pagination';
import { useResource } from '../components/use-resource';
import { StartCleaningForm } from './StartCleaningForm';
import { UploadCorpus } from './UploadCorpus';
import { useDataApi } from './use-data-api';

export function CorporaPage() {
  const api = useDataApi();
  const corpora = useResource(() => api.corpora(), [api]);
  const [selected, setSelected] = useState<string[]>([]);
  return (
    <>
      <h1>Corpora and cleaning</h1>
      <UploadCorpus
        onUploaded={(corpus) => {
          corpora.reload();
          setSelected((s) => (s.includes(corpus.id) ? s : [...s, corpus.id]));
        }}
      />
      <section className="card" aria-labelledby="corpora-heading">
        <h2 id="corpora-heading">Your corpora</h2>
        <Loaded resource={corpora} what="corpora">
          {(list) => (
            <>
              <CorpusTable corpora={list} selected={selected} onToggle={(id) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]))} />
              {list.length > 0 && <StartCleaningForm corpusIds={selected} />}
            </>
          )}
        </Loaded>
      </section>
      <CleaningRuns />
      <DatasetVersions />
    </>
  );
}

function CorpusTable({ corpora, selected, onToggle }: { corpora: Corpus[]; selected: string[]; onToggle: (id: string) => void }) {
  const { pageItems, pager } = usePaged(corpora);
  if (corpora.length === 0) return <EmptyState title="No corpora yet">Upload a text or JSON Lines file above; then select it here to clean it into a dataset.</EmptyState>;
  return (
    <>
      <table>
        <caption className="muted">Select the corpora to clean together into one dataset version.</caption>
        <thead>
          <tr>
            <th scope="col">Clean</th>
            <th scope="col">File</th>
            <th scope="col" className="number">
              Documents
            </th>
            <th scope="col" className="number">
              Size
            </th>
            <th scope="col">Uploaded</th>
          </tr>
        </thead>
        <tbody>
          {pageItems.map((c) => (
            <tr key={c.id}>
              <td>
                <input type="checkbox" aria-label={`Clean ${c.filename}`} checked={selected.includes(c.id)} onChange={() => onToggle(c.id)} />
              </td>
              <td>
                {c.filename} <span className="muted mono">{shortId(c.id)}</span>
              </td>
              <td className="number">{c.documents.toLocaleString('en-US')}</td>
              <td className="number">{formatBytes(c.bytes)}</td>
              <td>{formatDateTime(c.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pager}
    </>
  );
}

function CleaningRuns() {
  const api = useDataApi();
  const { resource, pager } = useCursorList((limit, after) => api.cleaningRuns(limit, after), [api]);
  return (
    <section className="card" aria-labelledby="runs-heading">
      <h2 id="runs-heading">Cleaning runs</h2>
      <Loaded resource={resource} what="cleaning runs">
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState title="No cleaning runs yet">Select corpora above and start a run; its report and dataset version appear here.</EmptyState>
          ) : (
            <>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Run</th>
                    <th scope="col">Dataset</th>
                    <th scope="col">Status</th>
                    <th scope="col">Started</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((run) => (
                    <tr key={run.id}>
                      <td>
                        <Link to={`/cleaning-runs/${run.id}`}>Run {shortId(run.id)}</Link>
                      </td>
                      <td>{run.datasetName}</td>
                      <td>
                        <span className={`badge ${run.status}`}>{run.status}</span>
                      </td>
                      <td>{formatDateTime(run.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {pager}
            </>
          )
        }
      </Loaded>
    </section>
  );
}

function DatasetVersions() {
  const api = useDataApi();
  const { resource, pager } = useCursorList((limit, after) => api.datasetVersions(limit, after), [api]);
  return (
    <section className="card" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Dataset versions</h2>
      <Loaded resource={resource} what="dataset versions">
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState title="No dataset versions yet">A cleaning run that succeeds, or an annotation export, makes one.</EmptyState>
          ) : (
            <>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Dataset</th>
                    <th scope="col" className="number">
                      Documents
                    </th>
                    <th scope="col" className="number">
                      Est. tokens
                    </th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((v) => (
                    <tr key={v.id}>
                      <td>
                        <Link to={`/datasets/${v.id}`}>
                          {v.datasetName} v{v.version}
                        </Link>
                      </td>
                      <td className="number">{v.documents.toLocaleString('en-US')}</td>
                      <td className="number">{v.estimatedTokens.toLocaleString('en-US')}</td>
                      <td>{formatDateTime(v.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {pager}
            </>
          )
        }
      </Loaded>
    </section>
  );
}
