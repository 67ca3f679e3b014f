import { Link } from 'react-router';
import { ConnectorRun } from '../api/connectors';
import { Column } from '../components/data-table';
import { EmptyState } from '../components/feedback';
import { formatDateTime } from '../components/format';
import { ListView } from '../components/list-view';
import { useCursorList } from '../components/cursor-list';
import { connectorSource } from './connector-run-figures';
import { CrawlForm } from './CrawlForm';
import { ImportForm } from './ImportForm';
import { useConnectorsApi } from './use-connectors-api';

const COLUMNS: Column<ConnectorRun>[] = [
  { header: 'Run', rowHeader: true, cell: (run) => <Link to={`/connectors/runs/${run.id}`}>{run.kind === 'crawl' ? 'Crawl' : `${run.kind.toUpperCase()} import`}</Link> },
  { header: 'Source', cell: connectorSource },
  { header: 'Status', cell: (run) => <span className={`badge ${run.status}`}>{run.status}</span> },
  { header: 'Documents', number: true, cell: (run) => run.documents.toLocaleString('en-US') },
  { header: 'Skipped', number: true, cell: (run) => Object.values(run.skipped).reduce((sum, n) => sum + (n ?? 0), 0).toLocaleString('en-US') },
  { header: 'Started', cell: (run) => formatDateTime(run.createdAt) },
];

/** Bringing text in: imports of tables and web archives, crawls, and every connector run so far. */
export function ConnectorsPage() {
  const api = useConnectorsApi();
  const runs = useCursorList((limit, after) => api.runs(limit, after), [api]);
  return (
    <>
      <h1>Connectors</h1>
      <ImportForm onImported={runs.resource.reload} />
      <CrawlForm />
      <section className="card" aria-labelledby="connector-runs-heading">
        <h2 id="connector-runs-heading">Connector runs</h2>
        <ListView
          list={runs}
          what="connector runs"
          columns={COLUMNS}
          rowKey={(run) => run.id}
          empty={<EmptyState title="No connector runs yet">Import a file or start a crawl above; each makes a corpus you can clean.</EmptyState>}
        />
      </section>
    </>
  );
}
