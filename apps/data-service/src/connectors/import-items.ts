import { CorpusFormatError } from '@llmchain/data-cleaning';
import { ImportedItem, ImportSettings } from './import-settings';
import { csvRows, jsonlRows, parquetRows, TableLimits, tableReadRejected } from './table-rows';
import { webArchiveItems } from './web-archive-items';

export type ImportLimits = TableLimits & { maxHtmlBytes: number };

/** The documents (or skip reasons) of an imported file, read as its settings say. */
export async function* importItems(filePath: string, settings: ImportSettings, limits: ImportLimits): AsyncGenerator<ImportedItem> {
  if (settings.format === 'warc' || settings.format === 'wet') {
    yield* webArchiveItems(filePath, settings.format, limits.maxHtmlBytes);
    return;
  }
  const columns = [settings.text, ...settings.metadata];
  const rows =
    settings.format === 'csv'
      ? csvRows(filePath, settings.delimiter, columns, limits)
      : settings.format === 'parquet'
        ? parquetRows(filePath, columns, limits)
        : jsonlRows(filePath, limits);
  try {
    for await (const row of rows) yield mappedRow(row, settings);
  } catch (error) {
    if (error instanceof CorpusFormatError) throw tableReadRejected(error);
    throw error;
  }
}

/** A table row as a document: the text column's string, the metadata columns' values as JSON values. */
export function mappedRow(row: Record<string, unknown>, settings: ImportSettings): ImportedItem {
  const raw = row[settings.text];
  if (raw === undefined || raw === null) return { skipped: 'empty_text' };
  const text = raw instanceof Uint8Array ? new TextDecoder().decode(raw) : raw;
  if (typeof text !== 'string') return { skipped: 'text_not_string' };
  if (text.trim() === '') return { skipped: 'empty_text' };
  const metadata: Record<string, unknown> = {};
  for (const column of settings.metadata) metadata[column] = jsonValue(row[column]);
  return { text, metadata };
}

/** Parquet hands out BigInt, Date and byte arrays; JSON holds none of them. */
function jsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, jsonValue(inner)]));
  return value;
}
