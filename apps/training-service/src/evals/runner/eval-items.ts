import { BlobStore } from '@llmchain/platform';
import { DatasetManifest, shardLines } from '../../runner/dataset-records';

/** An item of the eval as read from its dataset version, or why that line cannot be one (graded as errored). */
export type EvalItem = { index: number; item: Record<string, unknown>; error: string | null };

/**
 * The JSONL line as an item, for `{{item.<field>}}`: OpenAI's `{"item": {...}}` lines give their item; a cleaned
 * document's metadata fields sit beside its text (`{{item.answer}}`, not `{{item.metadata.answer}}`); any other
 * record (prompt/completion, messages) is the item as it is.
 */
function lineItem(value: Record<string, unknown>): Record<string, unknown> {
  if (typeof value.item === 'object' && value.item !== null && !Array.isArray(value.item)) return value.item as Record<string, unknown>;
  const { metadata, ...rest } = value;
  return typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? { ...rest, ...(metadata as Record<string, unknown>) } : rest;
}

/** Every item of the version in order, from `startIndex` on; a line over `maxItemBytes` or not a JSON object is an errored item. */
export async function* evalItems(blobs: BlobStore, manifest: DatasetManifest, maxItemBytes: number, startIndex = 0): AsyncGenerator<EvalItem> {
  let index = -1;
  for (const shard of manifest.shards) {
    for await (const line of shardLines(blobs, shard)) {
      if (line.trim() === '') continue;
      index++;
      if (index < startIndex) continue;
      const bytes = Buffer.byteLength(line);
      if (bytes > maxItemBytes) {
        yield { index, item: {}, error: `the item is ${bytes} bytes; an eval item may have at most ${maxItemBytes} (EVAL_MAX_ITEM_BYTES)` };
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        value = null;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        yield { index, item: {}, error: `item ${index} (0-based, blank lines skipped) of the dataset version is not a JSON object` };
        continue;
      }
      yield { index, item: lineItem(value as Record<string, unknown>), error: null };
    }
  }
}
