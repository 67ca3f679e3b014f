import { BarList } from '../components/bar-list';

/** The report's documents per tenth of the quality classifier's score: [0, 0.1) … [0.9, 1]. */
export function QualityScoreHistogram({ bins }: { bins: number[] }) {
  const rows: [string, number][] = bins.map((count, i) => [`${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}`, count]);
  return <BarList title="Documents per quality score" rows={rows} emptyText="No document was scored." />;
}
