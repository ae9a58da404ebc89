/**
 * Splits a stream of text chunks into physical lines without holding more than one line (plus one
 * chunk) in memory. A line longer than `maxLineChars` is cut: its head is passed on with
 * `cut = true` and the rest of it is skipped, so a file of junk without newlines cannot exhaust
 * memory; the cut is reported, never silent.
 */
export type LineSink = (line: string, cut: boolean) => void;

export class LineSplitter {
  private pending = '';
  private skipping = false;

  constructor(
    private readonly sink: LineSink,
    private readonly maxLineChars = 1024 * 1024,
  ) {}

  push(chunk: string): void {
    let start = 0;
    let nl = chunk.indexOf('\n');
    while (nl !== -1) {
      if (this.skipping) {
        this.skipping = false;
      } else if (this.pending) {
        this.emit(this.pending + chunk.slice(start, nl));
        this.pending = '';
      } else {
        this.emit(chunk.slice(start, nl));
      }
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    if (start < chunk.length && !this.skipping) {
      this.pending += chunk.slice(start);
      if (this.pending.length > this.maxLineChars) {
        this.sink(this.pending.slice(0, this.maxLineChars), true);
        this.pending = '';
        this.skipping = true;
      }
    }
  }

  /** Emits a last line that had no newline. */
  end(): void {
    if (this.pending && !this.skipping) this.emit(this.pending);
    this.pending = '';
    this.skipping = false;
  }

  private emit(line: string): void {
    if (line.length > this.maxLineChars) this.sink(line.slice(0, this.maxLineChars), true);
    else this.sink(line, false);
  }
}
