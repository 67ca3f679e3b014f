import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Agreement, AgreementScores, ExportResult } from '../api/data';
import { Column, DataTable } from '../components/data-table';
import { EmptyState, ErrorMessage, Loaded, Notice } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
import { useSubmit } from '../components/form-state';
import { useResource } from '../components/use-resource';
import { useDataApi } from './use-data-api';

export function AnnotationProjectPage() {
  const { projectId = '' } = useParams();
  const api = useDataApi();
  const project = useResource(() => api.project(projectId), [api, projectId]);
  const agreement = useResource(() => api.agreement(projectId), [api, projectId]);
  return (
    <>
      <p>
        <Link to="/annotation">← All projects</Link>
      </p>
      <Loaded resource={project} what="the project">
        {(p) => (
          <>
            <h1>{p.name}</h1>
            <p className="muted">{p.instruction}</p>
            <ul className="stats" aria-label="Progress">
              <li>
                <span className="label">Documents</span>
                <span className="value">{p.tasks}</span>
              </li>
              <li>
                <span className="label">Awaiting review</span>
                <span className="value">{p.annotations.pending}</span>
              </li>
              <li>
                <span className="label">Approved</span>
                <span className="value">{p.annotations.approved}</span>
              </li>
              <li>
                <span className="label">Rejected</span>
                <span className="value">{p.annotations.rejected}</span>
              </li>
            </ul>
            <p className="actions">
              <Link to={`/annotation/${p.id}/label`}>Label documents</Link>
              <Link to={`/annotation/${p.id}/review`}>Review queue ({p.annotations.pending})</Link>
            </p>
          </>
        )}
      </Loaded>
      <section className="card" aria-labelledby="agreement-heading">
        <h2 id="agreement-heading">Agreement between annotators</h2>
        <Loaded resource={agreement} what="agreement">
          {(a) => <AgreementTable agreement={a} />}
        </Loaded>
      </section>
      <ExportForm projectId={projectId} />
    </>
  );
}

const score = (value: number | null) => (value === null ? '—' : value.toFixed(3));

const AGREEMENT_COLUMNS: Column<[string, AgreementScores]>[] = [
  { header: 'Label', rowHeader: true, cell: ([label]) => label },
  { header: 'Cohen’s κ', number: true, cell: ([, s]) => score(s.cohenKappa) },
  { header: 'Fleiss’ κ', number: true, cell: ([, s]) => score(s.fleissKappa) },
  { header: 'Krippendorff’s α', number: true, cell: ([, s]) => score(s.krippendorffAlpha) },
  { header: 'Documents', number: true, cell: ([, s]) => s.units },
];

function AgreementTable({ agreement }: { agreement: Agreement }) {
  const rows: [string, AgreementScores][] = [
    ...(agreement.classification ? ([['All classes', agreement.classification], ...Object.entries(agreement.classification.perLabel)] as [string, AgreementScores][]) : []),
    ...Object.entries(agreement.spans).map(([label, s]) => [`${label} (span)`, s] as [string, AgreementScores]),
  ];
  if (agreement.annotators < 2 || rows.every(([, s]) => s.units === 0))
    return <EmptyState title="Not enough overlap yet">Agreement needs at least two annotators labelling the same documents.</EmptyState>;
  return (
    <DataTable columns={AGREEMENT_COLUMNS} rows={rows} rowKey={([label]) => label} caption={`${agreement.annotators} annotators. 1 is full agreement, 0 is chance.`} />
  );
}

function ExportForm({ projectId }: { projectId: string }) {
  const api = useDataApi();
  const [datasetName, setDatasetName] = useState('');
  const [format, setFormat] = useState<'prompt-completion' | 'chat'>('chat');
  const [result, setResult] = useState<ExportResult | null>(null);
  const form = useSubmit(
    () => (/^[A-Za-z0-9._-]{1,100}$/.test(datasetName) ? {} : { datasetName: 'Use letters, digits, dot, underscore or dash (up to 100)' }),
    () => api.exportProject(projectId, { datasetName, format }),
    setResult,
  );
  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading">Export approved labels</h2>
      <p className="muted">Approved annotations become a new dataset version of fine-tuning records (the majority class per document).</p>
      <form onSubmit={form.onSubmit} noValidate className="form-row">
        <TextField label="Export dataset name" value={datasetName} onChange={(e) => setDatasetName(e.target.value)} error={form.problem('datasetName')} />
        <SelectField label="Format" value={format} onChange={(e) => setFormat(e.target.value as 'prompt-completion' | 'chat')}>
          <option value="chat">Chat messages</option>
          <option value="prompt-completion">Prompt and completion</option>
        </SelectField>
        <div className="actions">
          <button type="submit" className="primary" disabled={form.busy}>
            Export
          </button>
        </div>
      </form>
      <ErrorMessage error={form.formError()} />
      {result && (
        <Notice>
          Exported {result.documents} records as version {result.version}. <Link to={`/datasets/${result.datasetVersionId}`}>Open the dataset version</Link> or{' '}
          <Link to={`/training?dataset=${result.datasetVersionId}`}>fine-tune on it</Link>.
        </Notice>
      )}
    </section>
  );
}
