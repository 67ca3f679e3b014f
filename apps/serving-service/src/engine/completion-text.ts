/**
 * Turns one sequence's generated tokens into the text a client sees, in increments safe to stream: text that
 * could still become the start of a stop sequence, or an unfinished UTF-8 character, is held back until the
 * next token settles it. The stop sequence itself is never shown.
 */
export class CompletionText {
  private readonly tokens: number[] = [];
  private emitted = 0;

  constructor(
    private readonly decode: (ids: number[]) => string,
    private readonly stops: readonly string[],
  ) {}

  /** Adds a token; returns the newly settled text ('' when nothing is settled yet). */
  push(token: number): string {
    this.tokens.push(token);
    const text = this.decode(this.tokens);
    const settled = text.length - this.heldBack(text);
    return this.take(text, settled);
  }

  /**
   * The sequence ended with this token: returns what is left of the text, which ends at `finalText` when the
   * runtime cut it before a stop sequence.
   */
  finish(token: number, finalText?: string): string {
    this.tokens.push(token);
    const text = finalText ?? this.decode(this.tokens);
    return this.take(text, text.length);
  }

  private take(text: string, upTo: number): string {
    if (upTo <= this.emitted) return '';
    const delta = text.slice(this.emitted, upTo);
    this.emitted = upTo;
    return delta;
  }

  /** Characters at the end that may still change: a replacement char of a split character, or a stop's prefix. */
  private heldBack(text: string): number {
    if (text.endsWith('\uFFFD')) return 1;
    let longest = 0;
    for (const stop of this.stops) {
      for (let length = Math.min(stop.length - 1, text.length); length > longest; length--) {
        if (text.endsWith(stop.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }
}
