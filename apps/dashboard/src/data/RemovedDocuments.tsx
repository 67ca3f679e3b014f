import { useSearchParams } from 'react-router';
import { Decision } from '../api/data';
import { EmptyState, Loaded } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
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
  const { pageItems, pager } = usePaged(shown);
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
      <table>
        <thead>
          <tr>
            <th scope="col">Document</th>
            <th scope="col">Decision</th>
            <th scope="col">Rule</th>
            <th scope="col" className="number">
              Figure
            </th>
            <th scope="col" className="number">
              Limit
            </th>
            <th scope="col">Duplicate of</th>
          </tr>
        </thead>
        <tbody>
          {pageItems.map((d) => (
            <tr key={d.documentId}>
              <td className="mono">{d.documentId}</td>
              <td>
                <span className={`badge ${d.status}`}>{d.status}</span>
              </td>
              <td>{d.rule ?? '—'}</td>
              <td className="number">{d.figure ?? '—'}</td>
              <td className="number">{d.limit ?? '—'}</td>
              <td>
                {d.duplicateOf ? (
                  <button type="button" onClick={() => set('document', d.duplicateOf as string)}>
                    Show the kept document {d.duplicateOf}
                  </button>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className="muted">No decision for that document in this version.</p>}
      {pager}
    </>
  );
}
