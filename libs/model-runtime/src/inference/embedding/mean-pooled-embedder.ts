import { InvalidInputError } from '../../errors';
import { DecoderShape } from '../../model/decoder-model';
import { MissingGraphOutputError } from '../errors';
import { LAST_HIDDEN_STATE } from '../export/gpt-blocks';
import { HuggingFaceGraphSession } from '../session/hugging-face-graph';
import { LoadOptions } from '../session/load-options';
import { validatePrompt } from '../session/validate-prompt';

/** Padded tokens per onnxruntime run (at least one sequence each): bounds the memory one call takes. */
const TOKENS_PER_RUN = 4096;

/**
 * Sequence embeddings from onnx/model.onnx: the mean over a sequence's positions of last_hidden_state (the final
 * norm's output), not normalized. Sequences run together, longest first, right-padded to the longest of their
 * run: padding comes after every real token, so causal attention never reaches it, and the mean skips it.
 */
export class MeanPooledEmbedder {
  private constructor(
    readonly shape: DecoderShape,
    private readonly graph: HuggingFaceGraphSession,
  ) {}

  /** Throws MissingGraphOutputError for a model exported before last_hidden_state was an output. */
  static async load(dir: string, options: LoadOptions = {}): Promise<MeanPooledEmbedder> {
    const graph = await HuggingFaceGraphSession.load(dir, options);
    if (!graph.hasHiddenStates) throw new MissingGraphOutputError(LAST_HIDDEN_STATE);
    return new MeanPooledEmbedder(graph.shape, graph);
  }

  get dimensions(): number {
    return this.shape.hiddenSize;
  }

  /** One vector per sequence, in order; token ids and lengths are checked before anything runs. */
  async embed(sequences: readonly (readonly number[])[]): Promise<Float32Array[]> {
    for (const ids of sequences) {
      if (ids.length === 0) throw new InvalidInputError('a sequence to embed needs at least one token');
      validatePrompt(this.shape, ids);
    }
    const order = sequences.map((_, i) => i).sort((a, b) => sequences[b].length - sequences[a].length);
    const vectors: Float32Array[] = new Array(sequences.length);
    for (let start = 0; start < order.length; ) {
      const width = sequences[order[start]].length;
      const rows = Math.max(1, Math.min(order.length - start, Math.floor(TOKENS_PER_RUN / width)));
      const run = order.slice(start, start + rows);
      const pooled = await this.embedRun(run.map((i) => sequences[i]), width);
      run.forEach((index, row) => (vectors[index] = pooled[row]));
      start += rows;
    }
    return vectors;
  }

  private async embedRun(rows: (readonly number[])[], width: number): Promise<Float32Array[]> {
    const batch = rows.length;
    const inputIds = new BigInt64Array(batch * width);
    const attentionMask = new BigInt64Array(batch * width);
    const positionIds = new BigInt64Array(batch * width);
    rows.forEach((ids, row) =>
      ids.forEach((id, i) => {
        inputIds[row * width + i] = BigInt(id);
        attentionMask[row * width + i] = 1n;
        positionIds[row * width + i] = BigInt(i);
      }),
    );
    const hidden = await this.graph.hiddenStates({ batch, seq: width, inputIds, attentionMask, positionIds, logitsToKeep: 1 });
    const d = this.shape.hiddenSize;
    return rows.map((ids, row) => {
      const sum = new Float64Array(d);
      for (let t = 0; t < ids.length; t++) {
        const at = (row * width + t) * d;
        for (let c = 0; c < d; c++) sum[c] += hidden[at + c];
      }
      return Float32Array.from(sum, (v) => v / ids.length);
    });
  }
}
