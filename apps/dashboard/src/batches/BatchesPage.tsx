import { useMemo } from 'react';
import { Batch, batchesApi, CANCELLABLE } from '../api/batches';
import { useCursorList } from '../components/cursor-list';
import { Column } from '../components/data-table';
import { ActionButton } from '../components/action-button';
import { EmptyState } from '../components/feedback';
import { formatUnixTime } from '../components/format';
import { ListView } from '../components/list-view';
import { useTenantSession } from '../session/session';
import { BatchFileButton } from './BatchFileButton';
import { CreateBatchForm } from './CreateBatchForm';

/** The tenant's batches (created through the OpenAI-shaped API): progress, cancel, and the output and error files. */
export function BatchesPage() {
  const { apiKey } = useTenantSession();
  const api = useMemo(() => batchesApi(apiKey.key), [apiKey.key]);
  const batches = useCursorList((limit, after) => api.list(limit, after), [api]);
  const columns: Column<Batch>[] = [
    { header: 'Batch', rowHeader: true, cellClassName: 'mono', cell: (b) => b.id },
    { header: 'Endpoint', cell: (b) => b.endpoint },
    { header: 'Status', cell: (b) => b.status },
    { header: 'Requests', number: true, cell: (b) => `${b.request_counts.completed + b.request_counts.failed} of ${b.request_counts.total} (${b.request_counts.failed} failed)` },
    { header: 'Created', cell: (b) => formatUnixTime(b.created_at) },
    { header: 'Expires', cell: (b) => formatUnixTime(b.expires_at) },
    {
      header: 'Files and actions',
      cell: (b) => (
        <div className="actions">
          {b.output_file_id && <BatchFileButton label="Output file" name={`Output file of ${b.id}`} fileName={`${b.id}-output.jsonl`} load={() => api.fileContent(b.output_file_id!)} />}
          {b.error_file_id && <BatchFileButton label="Error file" name={`Error file of ${b.id}`} fileName={`${b.id}-errors.jsonl`} load={() => api.fileContent(b.error_file_id!)} />}
          {CANCELLABLE.includes(b.status) && (
            <ActionButton
              label="Cancel"
              name={`Cancel ${b.id}`}
              danger
              confirm={`Cancel ${b.id}? Requests already answered stay in its output file.`}
              action={() => api.cancel(b.id)}
              onDone={batches.resource.reload}
            />
          )}
        </div>
      ),
    },
  ];
  return (
    <>
      <h1>Batches</h1>
      <section className="card" aria-labelledby="new-batch-heading">
        <h2 id="new-batch-heading">New batch</h2>
        <CreateBatchForm api={api} onCreated={batches.resource.reload} />
      </section>
      <section className="card" aria-labelledby="batches-heading">
        <h2 id="batches-heading">Batches</h2>
        <ListView
          list={batches}
          what="batches"
          columns={columns}
          rowKey={(b) => b.id}
          empty={
            <EmptyState title="No batches yet">
              Start one above, or upload a JSONL file with <code>POST /v1/files</code> (purpose <code>batch</code>) and start it with <code>POST /v1/batches</code>; it runs at a discount within 24 hours.
            </EmptyState>
          }
        />
      </section>
    </>
  );
}
