import { HttpStatus } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { WARCParser } from 'warcio';
import { uploadRejected } from '../corpora/upload-errors';
import { decodeHtml, htmlMainContent, isHtml } from './html-main-content';
import { ImportedItem } from './import-settings';

/**
 * Documents of a WARC or WET file, gzipped per record or not (warcio detects it), read record by record. WARC: each
 * HTTP response that is HTML becomes its main-content text with URL, fetch time and status; other responses are
 * skipped with a reason. WET: each conversion record's text, with its URL and date. Records of other types (warcinfo,
 * request, metadata) are not documents and are passed over. A record over `maxRecordBytes` is skipped unread.
 */
export async function* webArchiveItems(filePath: string, kind: 'warc' | 'wet', maxRecordBytes: number): AsyncGenerator<ImportedItem> {
  const parser = new WARCParser(createReadStream(filePath));
  let records = 0;
  try {
    for await (const record of parser) {
      records++;
      // warcio reads any bytes as a record; a WARC record starts with its version line.
      if (!record.warcHeaders.statusline.startsWith('WARC/')) throw new Error(`record ${records} does not start with a WARC/ version line`);
      const url = record.warcTargetURI ?? null;
      const date = record.warcDate ?? null;
      const recordId = record.warcHeader('WARC-Record-ID') ?? null;
      if (kind === 'wet' && record.warcType === 'conversion') {
        if (record.warcContentLength > maxRecordBytes) yield { skipped: 'too_large' };
        else {
          const text = (await record.contentText()).trim();
          yield text === '' ? { skipped: 'empty_text' } : { text, metadata: { url, date, recordId } };
        }
      } else if (kind === 'warc' && record.warcType === 'response') {
        const status = Number(record.httpHeaders?.statusCode);
        const contentType = record.httpHeaders?.headers.get('content-type');
        if (!(status >= 200 && status < 300)) yield { skipped: 'http_error' };
        else if (!isHtml(contentType)) yield { skipped: 'not_html' };
        else if (record.warcContentLength > maxRecordBytes) yield { skipped: 'too_large' };
        else {
          const content = htmlMainContent(decodeHtml(await record.readFully(true), contentType), url ?? 'about:blank');
          yield content
            ? { text: content.text, metadata: { url, fetchedAt: date, httpStatus: status, title: content.title, recordId } }
            : { skipped: 'no_main_content' };
        }
      }
    }
  } catch (error) {
    if ((error as { status?: number }).status) throw error;
    throw uploadRejected(
      HttpStatus.BAD_REQUEST,
      'malformed_source',
      `the file is not a readable ${kind.toUpperCase()} (after ${records} records: ${(error as Error).message})`,
    );
  }
  if (records === 0)
    throw uploadRejected(HttpStatus.BAD_REQUEST, 'malformed_source', `the file holds no ${kind.toUpperCase()} records`);
}
