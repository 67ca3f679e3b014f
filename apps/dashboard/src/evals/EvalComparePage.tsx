import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { allPages } from '../api/http';
import { Column, DataTable } from '../components/data-table';
import { CheckboxField } from '../components/fields';
import { Loaded } from '../components/feedback';
import { ListView } from '../components/list-view';
import { usePaged } from '../components/pagination';
import { useResource } from '../components/use-resource';
import { percent, score } from './eval-figures';
import { compareRuns, CriterionPair, ItemPair } from './run-comparison';
import { useEvalsApi } from './use-evals-api';

/** Two runs of one eval side by side (`?runs=<a>,<b>`): criterion by criterion, then item by item. */
export function EvalComparePage() {
  const { evalId = '' } = useParams();
  const [params] = useSearchParams();
  const [idA = '', idB = ''] = (params.get('runs') ?? '').split(',');
  const api = useEvalsApi();
  const loaded = useResource(async () => {
    // An eval holds at most EVAL_MAX_ITEMS (5,000) items: both runs' items are read whole, 100 a page.
    const [runA, runB, itemsA, itemsB] = await Promise.all([
      api.run(evalId, idA),
      api.run(evalId, idB),
      allPages((limit, after) => api.items(evalId, idA, limit, after)),
      allPages((limit, after) => api.items(evalId, idB, limit, after)),
    ]);
    return { runA, runB, ...compareRuns(runA, itemsA, runB, itemsB) };
  }, [api, evalId, idA, idB]);
  return (
    <>
      <p>
        <Link to={`/evals/${evalId}`}>← The eval and its runs</Link>
      </p>
      <h1>Two runs compared</h1>
      <Loaded resource={loaded} what="the two runs">
        {({ runA, runB, items, counts, criteria }) => {
          const a = `A: ${runA.name} (${runA.model})`;
          const b = `B: ${runB.name} (${runB.model})`;
          return (
            <>
              <ul className="stats" aria-label="Verdicts of the two runs">
                <li>
                  <span className="label">Both pass</span>
                  <span className="value">{counts.bothPass}</span>
                </li>
                <li>
                  <span className="label">Only A passes</span>
                  <span className="value">{counts.onlyA}</span>
                </li>
                <li>
                  <span className="label">Only B passes</span>
                  <span className="value">{counts.onlyB}</span>
                </li>
                <li>
                  <span className="label">Neither passes</span>
                  <span className="value">{counts.neither}</span>
                </li>
              </ul>
              <section className="card" aria-labelledby="criteria-compared">
                <h2 id="criteria-compared">Per criterion</h2>
                <p className="muted">
                  {a} · {b}
                </p>
                <DataTable columns={CRITERION_COLUMNS} rows={criteria} rowKey={(c) => c.name} />
              </section>
              <ItemPairs items={items} />
            </>
          );
        }}
      </Loaded>
    </>
  );
}

const CRITERION_COLUMNS: Column<CriterionPair>[] = [
  { header: 'Criterion', rowHeader: true, cell: (c) => c.name },
  { header: 'Pass rate A', number: true, cell: (c) => percent(c.a?.pass_rate) },
  { header: 'Pass rate B', number: true, cell: (c) => percent(c.b?.pass_rate) },
  { header: 'B − A', number: true, cell: (c) => (c.passRateChange === null ? '—' : `${c.passRateChange >= 0 ? '+' : ''}${(c.passRateChange * 100).toFixed(1)} points`) },
  { header: 'Mean score A', number: true, cell: (c) => score(c.a?.mean_score) },
  { header: 'Mean score B', number: true, cell: (c) => score(c.b?.mean_score) },
];

const ITEM_COLUMNS: Column<ItemPair>[] = [
  { header: 'Item', number: true, rowHeader: true, cell: (i) => i.index },
  { header: 'A', cell: (i) => <span className={`badge ${i.a}`}>{i.a}</span> },
  { header: 'B', cell: (i) => <span className={`badge ${i.b}`}>{i.b}</span> },
  { header: 'Answer A', cell: (i) => i.answerA ?? '—' },
  { header: 'Answer B', cell: (i) => i.answerB ?? '—' },
];

function ItemPairs({ items }: { items: ItemPair[] }) {
  const [onlyDiffering, setOnlyDiffering] = useState(false);
  const shown = useMemo(() => (onlyDiffering ? items.filter((i) => i.a !== i.b) : items), [items, onlyDiffering]);
  const list = usePaged(shown);
  return (
    <section className="card" aria-labelledby="items-compared">
      <h2 id="items-compared">Item by item</h2>
      <CheckboxField label="Only items whose verdicts differ" checked={onlyDiffering} onChange={(e) => setOnlyDiffering(e.target.checked)} />
      <ListView list={list} what="items" columns={ITEM_COLUMNS} rowKey={(i) => i.index} empty={<p className="muted">No item differs.</p>} />
    </section>
  );
}
