import { parser } from '@prometheus-io/lezer-promql';

export type ParsedQuery = { errors: number[]; metrics: string[]; labels: string[] };

/**
 * A PromQL expression read with Prometheus's own grammar (@prometheus-io/lezer-promql, what Prometheus's UI parses
 * with): where it has syntax errors, the metric names its selectors read, and the label names it matches or groups by.
 */
export function parsePromql(expr: string): ParsedQuery {
  const parsed: ParsedQuery = { errors: [], metrics: [], labels: [] };
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) parsed.errors.push(node.from);
      else if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') parsed.metrics.push(expr.slice(node.from, node.to));
      else if (node.name === 'LabelName') parsed.labels.push(expr.slice(node.from, node.to));
    },
  });
  return parsed;
}
