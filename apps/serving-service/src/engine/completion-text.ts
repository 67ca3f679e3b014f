/** Turns one sequence's tokens into text a token at a time, holding back the bytes of an unfinished character. */
export interface TokenTextStream {
  push(token: number): string;
  /** The end: bytes of a character that never completed. */
  flush(): string;
}

/**
 * Turns one sequence's generated tokens into the text a client sees, in increments safe to stream: text that
 * could still become the start of a stop sequence is held back until the next token settles it (the decoder
 * already holds back an unfinished UTF-8 character). The stop sequence itself is never shown. Each token is
 * decoded once.
 */
export class CompletionText {
  private text = '';
  private emitted = 0;

  constructor(
    private readonly decoder: TokenTextStream,
    private readonly stops: readonly string[],
  ) {}

  /** Adds a token; returns the newly settled text ('' when nothing is settled yet). */
  push(token: number): string {
    this.text += this.decoder.push(token);
    return this.take(this.text.length - this.heldBack());
  }

  /**
   * The sequence ended with this token: returns what is left of the text, which ends at `finalText` when the
   * runtime cut it before a stop sequence.
   */
  finish(token: number, finalText?: string): string {
    this.text += this.decoder.push(token) + this.decoder.flush();
    if (finalText !== undefined) this.text = finalText;
    return this.take(this.text.length);
  }

  private take(upTo: number): string {
    if (upTo <= this.emitted) return '';
    const delta = this.text.slice(this.emitted, upTo);
    this.emitted = upTo;
    return delta;
  }

  /** Characters at the end that may still become a stop sequence: the longest stop prefix the text ends with. */
  private heldBack(): number {
    let longest = 0;
    for (const stop of this.stops) {
      for (let length = Math.min(stop.length - 1, this.text.length); length > longest; length--) {
        if (this.text.endsWith(stop.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }
}
