import { onnx } from 'onnx-proto';
import { asDecoderModel } from './decoder-network';
import { buildDecoderStepGraph } from './decoder-step-graph';
import { loraTargets } from './lora-linear';
import { randomParams, tinyConfig } from '../testing/tiny-model';

/** Per value name, where nodes read it: 'model' for the main graph, else the If node whose branch reads it. */
function readers(graph: onnx.IGraphProto, where = 'model', found = new Map<string, string[]>()): Map<string, string[]> {
  for (const node of graph.node ?? []) {
    for (const input of node.input ?? []) found.set(input, [...(found.get(input) ?? []), where]);
    for (const attribute of node.attribute ?? []) if (attribute.g) readers(attribute.g, node.name ?? '', found);
  }
  return found;
}

describe('decoder_step with LoRA inputs', () => {
  const config = tinyConfig();
  const params = randomParams(config, 4);
  const graph = onnx.ModelProto.decode(buildDecoderStepGraph(config, params, { lora: true })).graph as onnx.IGraphProto;

  it('reads each weight where the plain graph does, in the main graph only, so onnxruntime holds one (prepacked) copy', () => {
    const reads = readers(graph);
    const plain = readers(onnx.ModelProto.decode(buildDecoderStepGraph(config, params)).graph as onnx.IGraphProto);
    const weights = (graph.initializer ?? []).map((t) => t.name as string).filter((name) => params.has(name));
    expect(weights.length).toBe(params.size);
    for (const name of weights) expect([name, reads.get(name)]).toEqual([name, plain.get(name)]);
    expect(weights.every((name) => plain.get(name)?.every((where) => where === 'model'))).toBe(true);
  });

  it('puts each adapted module\'s update in an If on lora_rank > 0, whose else-branch passes the projection through', () => {
    const ifs = (graph.node ?? []).filter((node) => node.opType === 'If');
    expect(ifs.length).toBe(loraTargets(asDecoderModel(config)).length);
    const condition = (graph.node ?? []).find((node) => node.output?.includes(ifs[0].input?.[0] as string));
    expect(ifs.every((node) => node.input?.[0] === ifs[0].input?.[0])).toBe(true);
    expect(condition?.opType).toBe('Squeeze');
    for (const node of ifs) {
      const branch = (name: string) => node.attribute?.find((a) => a.name === name)?.g?.node?.map((n) => n.opType);
      expect(branch('then_branch')).toEqual(['MatMul', 'MatMul', 'Add']);
      expect(branch('else_branch')).toEqual(['Identity']);
    }
  });
});
