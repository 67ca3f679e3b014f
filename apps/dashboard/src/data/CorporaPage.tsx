import { useState } from 'react';
import { Link } from 'react-router';
import { CleaningRun, Corpus, DatasetVersionSummary } from '../api/data';
import { useCursorList } from '../components/cursor-list';
import { Column } from '../components/data-table';
import { EmptyState } from '../components/feedback';
import { formatBytes, formatDateTime, shortId } from '../components/format';
import { ListRows, ListView } from '../components/list-view';
import { StartCleaningForm } from './StartCleaningForm';
import { UploadCorpus } from './UploadCorpus';
import { useDataApi } from './use-data-api';

export function CorporaPage() {
  const api = useDataApi();
  const corpora = useCursorList((limit, after) => api.corpora(limit, after), [api]);
  const [selected, setSelected] = useState<string[]>([]);
  return (
    <>
      <h1>Corpora and cleaning</h1>
      <UploadCorpus
        onUploaded={(corpus) => {
          corpora.resource.reload();
          setSelected((s) => (s.includes(corpus.id) ? s : [...s, corpus.id]));
        }}
      />
      <section className="card" aria-labelledby="corpora-heading">
        <h2 id="corpora-heading">Your corpora</h2>
        <CorpusTable corpora={corpora} selected={selected} onToggle={(id) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]))} />
        {(corpora.rows?.length ?? 0) > 0 && <StartCleaningForm corpusIds={selected} />}
      </section>
      <CleaningRuns />
      <DatasetVersions />
    </>
  );
}

/** Selections are kept across pages: corpora from several pages clean together. */
function CorpusTable({ corpora, selected, onToggle }: { corpora: ListRows<Corpus>; selected: string[]; onToggle: (id: string) => void }) {
  const columns: Column<Corpus>[] = [
    { header: 'Clean', cell: (c) => <input type="checkbox" aria-label={`Clean ${c.filename}`} checked={selected.includes(c.id)} onChange={() => onToggle(c.id)} /> },
    {
      header: 'File',
      cell: (c) => (
        <>
          {c.filename} <span className="muted mono">{shortId(c.id)}</span>
        </>
      ),
    },
    { header: 'Documents', number: true, cell: (c) => c.documents.toLocaleString('en-US') },
    { header: 'Size', number: true, cell: (c) => formatBytes(c.bytes) },
    { header: 'Uploaded', cell: (c) => formatDateTime(c.createdAt) },
  ];
  return (
    <ListView
      list={corpora}
      what="corpora"
      columns={columns}
      rowKey={(c) => c.id}
      caption="Select the corpora to clean together into one dataset version."
      empty={<EmptyState title="No corpora yet">Upload a text or JSON Lines file above; then select it here to clean it into a dataset.</EmptyState>}
    />
  );
}

const RUN_COLUMNS: Column<CleaningRun>[] = [
  { header: 'Run', cell: (run) => <Link to={`/cleaning-runs/${run.id}`}>Run {shortId(run.id)}</Link> },
  { header: 'Dataset', cell: (run) => run.datasetName },
  { header: 'Status', cell: (run) => <span className={`badge ${run.status}`}>{run.status}</span> },
  { header: 'Started', cell: (run) => formatDateTime(run.createdAt) },
];

function CleaningRuns() {
  const api = useDataApi();
  const runs = useCursorList((limit, after) => api.cleaningRuns(limit, after), [api]);
  return (
    <section className="card" aria-labelledby="runs-heading">
      <h2 id="runs-heading">Cleaning runs</h2>
      <ListView
        list={runs}
        what="cleaning runs"
        columns={RUN_COLUMNS}
        rowKey={(run) => run.id}
        empty={<EmptyState title="No cleaning runs yet">Select corpora above and start a run; its report and dataset version appear here.</EmptyState>}
      />
    </section>
  );
}

const VERSION_COLUMNS: Column<DatasetVersionSummary>[] = [
  {
    header: 'Dataset',
    cell: (v) => (
      <Link to={`/datasets/${v.id}`}>
        {v.datasetName} v{v.version}
      </Link>
    ),
  },
  { header: 'Documents', number: true, cell: (v) => v.documents.toLocaleString('en-US') },
  { header: 'Est. tokens', number: true, cell: (v) => v.estimatedTokens.toLocaleString('en-US') },
  { header: 'Created', cell: (v) => formatDateTime(v.createdAt) },
];

function DatasetVersions() {
  const api = useDataApi();
  const versions = useCursorList((limit, after) => api.datasetVersions(limit, after), [api]);
  return (
    <section className="card" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Dataset versions</h2>
      <ListView
        list={versions}
        what="dataset versions"
        columns={VERSION_COLUMNS}
        rowKey={(v) => v.id}
        empty={<EmptyState title="No dataset versions yet">A cleaning run that succeeds, or an annotation export, makes one.</EmptyState>}
      />
    </section>
  );
}
