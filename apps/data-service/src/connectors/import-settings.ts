import { z } from 'zod';

export const TABLE_FORMATS = ['csv', 'jsonl', 'parquet'] as const;
export const WEB_ARCHIVE_FORMATS = ['warc', 'wet'] as const;
export type ImportFormat = (typeof TABLE_FORMATS)[number] | (typeof WEB_ARCHIVE_FORMATS)[number];

const fieldName = z.string().min(1).max(200);

/**
 * How an imported file is read. Tables name their text column and the columns kept as metadata; web archives need no
 * mapping (WARC: HTML responses turned into main-content text; WET: the extracted text records).
 */
export const importSettings = z
  .strictObject({
    format: z.enum([...TABLE_FORMATS, ...WEB_ARCHIVE_FORMATS]),
    text: fieldName.optional(),
    /** Comma-separated metadata columns, at most 50. */
    metadata: z
      .string()
      .max(10_000)
      .transform((list) => list.split(',').map((name) => name.trim()).filter((name) => name !== ''))
      .pipe(z.array(fieldName).max(50, 'name at most 50 metadata columns'))
      .optional(),
    /** CSV field delimiter. */
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
  })
  .superRefine((settings, context) => {
    const table = (TABLE_FORMATS as readonly string[]).includes(settings.format);
    if (!table && (settings.text || settings.metadata || settings.delimiter))
      context.addIssue({ code: 'custom', message: `${settings.format} imports take no field mapping: drop text, metadata and delimiter` });
    if (settings.delimiter && settings.format !== 'csv')
      context.addIssue({ code: 'custom', message: 'delimiter applies to csv imports only' });
    if (settings.metadata?.includes(settings.text ?? 'text'))
      context.addIssue({ code: 'custom', message: 'the text column cannot also be a metadata column' });
    if (settings.metadata?.includes('text'))
      context.addIssue({ code: 'custom', message: 'a metadata column named "text" would collide with the document text: leave it out' });
  })
  .transform((settings) => ({
    format: settings.format as ImportFormat,
    text: settings.text ?? 'text',
    metadata: settings.metadata ?? [],
    delimiter: settings.delimiter ?? ',',
  }));

export type ImportSettings = z.output<typeof importSettings>;

/** Why an item of a source did not become a document; counted on the connector run. */
export type SkipReason =
  | 'empty_text'
  | 'text_not_string'
  | 'too_large'
  | 'not_html'
  | 'http_error'
  | 'no_main_content'
  // object storage: an object that is not UTF-8 text
  | 'not_text'
  // crawl only
  | 'robots_disallowed'
  | 'not_modified'
  | 'timeout'
  | 'refused_address'
  | 'fetch_error'
  | 'redirect_loop'
  | 'too_many_redirects'
  | 'out_of_scope'
  | 'duplicate'
  | 'byte_limit';

/** One item of a source: a document (text and metadata) or the reason it was skipped. */
export type ImportedItem = { text: string; metadata: Record<string, unknown> } | { skipped: SkipReason };
