import { HttpException } from '@nestjs/common';
import { corpusFileType } from './corpus-file-type';

describe('corpusFileType', () => {
  it.each([
    ['notes.txt', 'file', { format: 'txt-whole-file', gzip: false, extension: '.txt' }],
    ['notes.TXT', 'blank-lines', { format: 'txt-blank-lines', gzip: false, extension: '.txt' }],
    ['web.jsonl', 'blank-lines', { format: 'jsonl', gzip: false, extension: '.jsonl' }],
    ['web.jsonl.gz', 'file', { format: 'jsonl', gzip: true, extension: '.jsonl.gz' }],
    ['books.txt.gz', 'blank-lines', { format: 'txt-blank-lines', gzip: true, extension: '.txt.gz' }],
  ] as const)('%s with split=%s', (filename, split, expected) => {
    expect(corpusFileType(filename, split)).toEqual(expected);
  });

  it.each(['report.pdf', 'data.json', 'archive.gz', 'txt', ''])('refuses %j with 415 naming what is accepted', (filename) => {
    try {
      corpusFileType(filename, 'file');
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(HttpException);
      expect((error as HttpException).getStatus()).toBe(415);
      expect(JSON.stringify((error as HttpException).getResponse())).toContain('upload .txt or .jsonl');
    }
  });
});
