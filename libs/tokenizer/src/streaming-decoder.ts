/** Where a stream decoder gets each token's bytes; null for a token it should skip. */
export type TokenBytesLookup = (id: number) => Uint8Array | null;

/**
 * Turns token ids into text one id at a time. A token can end in the middle of a multi-byte character (GPT-2
 * splits many CJK characters and emoji across tokens), so bytes of an unfinished character are held back until
 * the token that completes it arrives; the text handed out is always whole characters (what SSE clients need).
 */
export class StreamDecoder {
  private readonly utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

  constructor(private readonly bytesOf: TokenBytesLookup) {}

  /** Text completed by this token; '' while a character is still incomplete. */
  push(id: number): string {
    const bytes = this.bytesOf(id);
    return bytes === null ? '' : this.utf8.decode(bytes, { stream: true });
  }

  /** Ends the stream: bytes of a character that never completed come out as U+FFFD. */
  flush(): string {
    return this.utf8.decode();
  }
}

/** Decodes an async stream of token ids into an async stream of text chunks, never yielding ''. */
export async function* decodeTokenStream(decoder: StreamDecoder, ids: AsyncIterable<number>): AsyncGenerator<string> {
  for await (const id of ids) {
    const text = decoder.push(id);
    if (text.length > 0) yield text;
  }
  const rest = decoder.flush();
  if (rest.length > 0) yield rest;
}
