import { Link, useParams } from 'react-router';
import { CleaningReport, DatasetVersion } from '../api/data';
import { BarList, sortedEntries } from '../components/bar-list';
import { Loaded } from '../components/feedback';
import { formatBytes, formatDateTime } from '../components/format';
import { useResource } from '../components/use-resource';
import { ContaminationReports } from './ContaminationReports';
import { QualityScoreHistogram } from './QualityScoreHistogram';
import { RemovedDocuments } from './RemovedDocuments';
import { useDataApi } from './use-data-api';

const isCleaningReport = (report: DatasetVersion['report']): report is CleaningReport => 'removedByRule' in report;

export function DatasetVersionPage() {
  const { versionId = '' } = useParams();
  const api = useDataApi();
  const version = useResource(() => api.datasetVersion(versionId), [api, versionId]);
  return (
    <>
      <p>
        <Link to="/corpora">← Corpora and cleaning</Link>
      </p>
      <Loaded resource={version} what="the dataset version">
        {(v) => (
          <>
            <h1>
              {v.datasetName} v{v.version}
            </h1>
            <ul className="stats" aria-label="Summary">
              <li>
                <span className="label">Documents</span>
                <span className="value">{v.documents.toLocaleString('en-US')}</span>
              </li>
              <li>
                <span className="label">Size</span>
                <span className="value">{formatBytes(v.bytes)}</span>
              </li>
              <li>
                <span className="label">Estimated tokens</span>
                <span className="value">{v.estimatedTokens.toLocaleString('en-US')}</span>
              </li>
              <li>
                <span className="label">Created</span>
                <span className="value">{formatDateTime(v.createdAt)}</span>
              </li>
            </ul>
            <p className="actions">
              <Link to={`/annotation?source=${v.id}`}>Annotate this version</Link>
              <Link to={`/training?dataset=${v.id}`}>Train on this version</Link>
            </p>
            {isCleaningReport(v.report) ? <CleaningReportView report={v.report} versionId={v.id} /> : <p className="muted">This version was exported from an annotation project; it has no cleaning report.</p>}
            <ContaminationReports versionId={v.id} />
          </>
        )}
      </Loaded>
    </>
  );
}

function CleaningReportView({ report, versionId }: { report: CleaningReport; versionId: string }) {
  const removed = report.documentsIn - report.documentsOut;
  return (
    <>
      <section className="card" aria-labelledby="report-heading">
        <h2 id="report-heading">Cleaning report</h2>
        <ul className="stats">
          <li>
            <span className="label">Documents in → out</span>
            <span className="value">
              {report.documentsIn.toLocaleString('en-US')} → {report.documentsOut.toLocaleString('en-US')}
            </span>
          </li>
          <li>
            <span className="label">Bytes in → out</span>
            <span className="value">
              {formatBytes(report.bytesIn)} → {formatBytes(report.bytesOut)}
            </span>
          </li>
          <li>
            <span className="label">Removed</span>
            <span className="value">{removed.toLocaleString('en-US')}</span>
          </li>
          <li>
            <span className="label">Redacted (kept)</span>
            <span className="value">{report.redactedDocuments.toLocaleString('en-US')}</span>
          </li>
          <li>
            <span className="label">Duplicate clusters</span>
            <span className="value">{report.duplicateClusterCount.toLocaleString('en-US')}</span>
          </li>
        </ul>
        <div className="grid">
          <BarList title="Documents removed per rule" rows={sortedEntries(report.removedByRule)} emptyText="No rule removed anything." />
          <BarList title="Documents per language" rows={sortedEntries(report.languages)} emptyText="Language identification was off." />
          <BarList title="Personal data redacted, by type" rows={sortedEntries(report.pii)} emptyText="No personal data found." />
          {report.qualityScoreHistogram && <QualityScoreHistogram bins={report.qualityScoreHistogram} />}
        </div>
      </section>
      <RemovedDocuments versionId={versionId} />
    </>
  );
}
