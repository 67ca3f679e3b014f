import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { classAt, SPACE } from './unicode-classes';

/**
 * Reads a UTF-8 text file as a stream of chunks of roughly chunkBytes, cut only right after a single newline
 * that sits between two non-space characters ("x\ny"). Both the GPT-2 and cl100k patterns end a piece there
 * whether or not the text goes on, so feeding the chunks to trainBpe counts exactly the words the whole file
 * would give, with memory bounded by the chunk size. (After a longer whitespace run a cut would not be safe:
 * at the end of a text "\n\n" is one piece, before a word it is two.)
 */
export async function* readTextChunks(path: string, chunkBytes = 1 << 20): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const buffer of createReadStream(path, { highWaterMark: chunkBytes })) {
    pending += decoder.write(buffer as Buffer);
    const cut = lastSafeCut(pending);
    if (cut > 0) {
      yield pending.slice(0, cut);
      pending = pending.slice(cut);
    }
  }
  pending += decoder.end();
  if (pending.length > 0) yield pending;
}

function lastSafeCut(text: string): number {
  for (let newline = text.lastIndexOf('\n'); newline >= 0; newline = text.lastIndexOf('\n', newline - 1)) {
    const between = newline > 0 && newline + 1 < text.length;
    if (between && classAt(text, newline + 1, text.length) !== SPACE && classAt(text, newline - 1, text.length) !== SPACE) return newline + 1;
  }
  return 0;
}
