import { useState } from 'react';
import { Link } from 'react-router';
import { ContaminationReport } from '../api/connectors';
import { DatasetVersionSummary } from '../api/data';
import { useConnectorsApi } from '../connectors/use-connectors-api';
import { Column } from '../components/data-table';
import { ErrorMessage } from '../components/feedback';
import { SelectField } from '../components/fields';
import { Problems, useSubmit } from '../components/form-state';
import { formatDateTime, shortId } from '../components/format';
import { ListView } from '../components/list-view';
import { usePaged } from '../components/pagination';
import { useResource } from '../components/use-resource';
import { useDataApi } from './use-data-api';

/** A report seen from this version: its side first, the other version's second. */
const sidesOf = (report: ContaminationReport, versionId: string) =>
  report.datasetVersionId === versionId ? { ours: report.datasetVersion, theirs: report.againstVersion } : { ours: report.againstVersion, theirs: report.datasetVersion };

const share = (part: number, whole: number) => `${part.toLocaleString('en-US')} of ${whole.toLocaleString('en-US')}`;

/** Every 13-gram overlap check this version was part of (either side), and a form to check it against another version. */
export function ContaminationReports({ versionId }: { versionId: string }) {
  const api = useConnectorsApi();
  const reports = useResource(() => api.contaminationReports(versionId), [api, versionId]);
  const list = usePaged(reports.data?.data);
  const columns: Column<ContaminationReport>[] = [
    {
      header: 'Compared with',
      rowHeader: true,
      cell: (r) => {
        const other = sidesOf(r, versionId).theirs.versionId;
        return <Link to={`/datasets/${other}`}>version {shortId(other)}</Link>;
      },
    },
    { header: 'Shared n-grams', number: true, cell: (r) => r.sharedNgrams.toLocaleString('en-US') },
    { header: 'Overlapping documents here', number: true, cell: (r) => share(sidesOf(r, versionId).ours.overlappingDocuments, sidesOf(r, versionId).ours.documents) },
    { header: 'Overlapping documents there', number: true, cell: (r) => share(sidesOf(r, versionId).theirs.overlappingDocuments, sidesOf(r, versionId).theirs.documents) },
    {
      header: 'Most matched here',
      cell: (r) =>
        sidesOf(r, versionId)
          .ours.overlaps.slice()
          .sort((a, b) => b.matchedNgrams - a.matchedNgrams)
          .slice(0, 3)
          .map((o) => `${shortId(o.documentId)} (${o.matchedNgrams})`)
          .join(', ') || '—',
    },
    { header: 'Checked', cell: (r) => formatDateTime(r.createdAt) },
  ];
  return (
    <section className="card" aria-labelledby="contamination-heading">
      <h2 id="contamination-heading">Contamination</h2>
      <CheckContaminationForm versionId={versionId} onChecked={reports.reload} />
      <ListView
        list={{ ...list, error: reports.error }}
        what="contamination reports"
        columns={columns}
        rowKey={(r) => r.id}
        caption="Documents sharing a 13-word sequence with the other version (an eval set, say), and how many sequences they share."
        empty={<p className="muted">Not checked against any version yet.</p>}
      />
    </section>
  );
}

function CheckContaminationForm({ versionId, onChecked }: { versionId: string; onChecked: () => void }) {
  const api = useConnectorsApi();
  const data = useDataApi();
  const versions = useResource(() => data.datasetVersions(100), [data]);
  const [against, setAgainst] = useState('');
  const others = (versions.data?.data ?? []).filter((v: DatasetVersionSummary) => v.id !== versionId);
  const form = useSubmit(
    (): Problems => ({ against: against ? undefined : 'Choose the version to compare with' }),
    () => api.checkContamination(versionId, against),
    onChecked,
  );
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <div className="form-row">
        <SelectField label="Compare with version" value={against} onChange={(e) => setAgainst(e.target.value)} error={form.problem('against', 'againstVersionId')}>
          <option value="">Choose a version…</option>
          {others.map((v) => (
            <option key={v.id} value={v.id}>
              {v.datasetName} v{v.version}
            </option>
          ))}
        </SelectField>
      </div>
      <ErrorMessage error={form.formError()} />
      <button type="submit" disabled={form.busy}>
        {form.busy ? 'Checking…' : 'Check for overlap'}
      </button>
    </form>
  );
}
