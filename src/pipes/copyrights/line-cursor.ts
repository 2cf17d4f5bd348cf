/**
 * Turns increasing offsets of a text into 1-based line numbers and line texts, without
 * splitting the whole text into lines (most files have only a few lines of interest).
 */
export class LineCursor {
  private line = 1;
  private start = 0;

  constructor(private readonly text: string) {}

  /** Moves to the line holding offset (never backwards) and returns its 1-based number. */
  seek(offset: number): number {
    for (let nl = this.text.indexOf('\n', this.start); nl >= 0 && nl < offset; nl = this.text.indexOf('\n', nl + 1)) {
      this.line++;
      this.start = nl + 1;
    }
    return this.line;
  }

  /** Returns the text of the current line, without its line end. */
  current(): string {
    return this.lineFrom(this.start);
  }

  /** Returns the text of the line after the current one ('' at the end of the text). */
  next(): string {
    return this.peek(1);
  }

  /** Returns the text of the k-th line after the current one ('' past the end of the text). */
  peek(k: number): string {
    let start = this.start;
    for (let i = 0; i < k; i++) {
      const nl = this.text.indexOf('\n', start);
      if (nl < 0) {
        return '';
      }
      start = nl + 1;
    }
    return this.lineFrom(start);
  }

  /** Returns the offset where the next line starts, or the text length. */
  nextLineOffset(): number {
    const nl = this.text.indexOf('\n', this.start);
    return nl < 0 ? this.text.length : nl + 1;
  }

  private lineFrom(start: number): string {
    const nl = this.text.indexOf('\n', start);
    return this.text.slice(start, nl < 0 ? undefined : nl).replace(/\r$/, '');
  }
}
