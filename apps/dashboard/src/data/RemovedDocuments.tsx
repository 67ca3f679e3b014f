import { useSearchParams } from 'react-router';
import { Decision } from '../api/data';
import { Column } from '../components/data-table';
import { EmptyState, Loaded } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
import { ListView } from '../components/list-view';
import { usePaged } from '../components/pagination';
import { useResource } from '../components/use-resource';
import { useDataApi } from './use-data-api';

/**
 * Every removed document with the rule that removed it, the figure it measured and the limit it broke; a duplicate
 * links to the document it duplicates (the kept one), which the filter then shows.
 */
export function RemovedDocuments({ versionId }: { versionId: string }) {
  const api = useDataApi();
  const decisions = useResource(() => api.decisions(versionId), [api, versionId]);
  return (
    <section className="card" aria-labelledby="removed-heading">
      <h2 id="removed-heading">Removed documents</h2>
      <Loaded resource={decisions} what="the decisions">
        {(list) => <DecisionTable decisions={list} />}
      </Loaded>
    </section>
  );
}

function DecisionTable({ decisions }: { decisions: Decision[] }) {
  const [params, setParams] = useSearchParams();
  const rule = params.get('rule') ?? '';
  const documentId = params.get('document') ?? '';
  const set = (name: string, value: string) => setParams((p) => ({ ...Object.fromEntries(p), [name]: value }), { replace: true });
  const rules = [...new Set(decisions.filter((d) => d.status === 'removed').map((d) => d.rule ?? 'unknown'))].sort();
  const shown = documentId
    ? decisions.filter((d) => d.documentId === documentId)
    : decisions.filter((d) => d.status === 'removed' && (!rule || d.rule === rule));
  const decisionPage = usePaged(shown);
  const columns: Column<Decision>[] = [
    { header: 'Document', cellClassName: 'mono', cell: (d) => d.documentId },
    { header: 'Decision', cell: (d) => <span className={`badge ${d.status}`}>{d.status}</span> },
    { header: 'Rule', cell: (d) => d.rule ?? '—' },
    { header: 'Figure', number: true, cell: (d) => d.figure ?? '—' },
    { header: 'Limit', number: true, cell: (d) => d.limit ?? '—' },
    {
      header: 'Duplicate of',
      cell: (d) =>
        d.duplicateOf ? (
          <button type="button" onClick={() => set('document', d.duplicateOf as string)}>
            Show the kept document {d.duplicateOf}
          </button>
        ) : (
          '—'
        ),
    },
  ];
  if (rules.length === 0 && !documentId) return <EmptyState title="Nothing was removed">Every document passed the enabled stages.</EmptyState>;
  return (
    <>
      <div className="form-row">
        <SelectField label="Rule" value={rule} onChange={(e) => set('rule', e.target.value)}>
          <option value="">Every rule</option>
          {rules.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </SelectField>
        <TextField label="Document id" value={documentId} onChange={(e) => set('document', e.target.value.trim())} hint="Shows that one document’s decision, removed or kept." />
      </div>
      <ListView list={decisionPage} what="decisions" columns={columns} rowKey={(d) => d.documentId} empty={<p className="muted">No decision for that document in this version.</p>} />
    </>
  );
}
