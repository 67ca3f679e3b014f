import { AutodiffGraph } from '../autodiff/autodiff-graph';
import { Array64, array64 } from './array64';
import { OPS64 } from './ops64';

/**
 * Evaluates, in float64, the first `recordCount` ops on `graph`'s tape (by default all of them), given values for the
 * graph inputs. Constants come from the graph itself. Returns every value computed, by ONNX value name.
 */
export function evaluateTape(
  graph: AutodiffGraph,
  feeds: Map<string, Array64>,
  recordCount = graph.tape.length,
): Map<string, Array64> {
  const values = new Map<string, Array64>(feeds);
  for (const [name, constant] of graph.constants) {
    values.set(name, array64(constant.shape, Array.from(constant.data, Number)));
  }
  for (const record of graph.tape.slice(0, recordCount)) {
    const inputs = record.inputs.map((t) => {
      const value = values.get(t.name);
      if (!value) throw new Error(`reference: no value for ${t.name}`);
      return value;
    });
    OPS64[record.kind](inputs, record.attrs).forEach((out, i) => values.set(record.outputs[i].name, out));
  }
  return values;
}
