/**
 * Groups physical lines into log entries. nginx writes what a FastCGI (or uwsgi / SCGI) backend
 * sent on stderr verbatim, newlines included, so a PHP fatal error with its stack trace spans
 * several physical lines; only the first carries a timestamp. A line without a timestamp is a
 * continuation of the entry before it while that entry is still open (its quoted stderr text has
 * not been closed by the ` while ...` / `, client: ...` tail), or when it is indented. Anything
 * else without a timestamp is an entry of its own, which the parser reports as `unparsed`.
 */

const STDERR_OPEN = 'stderr: "';
/** Bounds so a stream of junk cannot grow one entry without limit. */
const MAX_CONTINUATION_LINES = 500;
const MAX_ENTRY_CHARS = 256 * 1024;
/** The stderr quote is closed by nginx's own ` while <action>` and / or `, client: ` tail. */
const CLOSED_TAIL = /" while [A-Za-z ]{1,80}(?:, client: |$)|", client: /;

export type EntrySink = (text: string, firstLine: number) => void;

export class EntryAssembler {
  /** The entry's lines: `lines[0 .. count - 1]` (the same array entry after entry: none per entry). */
  private readonly lines: string[] = [];
  private count = 0;
  private chars = 0;
  private firstLine = 0;
  private open = false;
  private lineNo = 0;

  constructor(private readonly sink: EntrySink) {}

  /** Adds one physical line (without its `\n`; a trailing `\r` is allowed). */
  push(line: string): void {
    this.lineNo++;
    if (this.count > 0 && this.belongsToCurrent(line)) {
      this.lines[this.count++] = line;
      this.chars += line.length;
      if (this.open) this.open = !CLOSED_TAIL.test(line);
      return;
    }
    this.flush();
    this.lines[this.count++] = line;
    this.chars = line.length;
    this.firstLine = this.lineNo;
    const stderrAt = line.indexOf(STDERR_OPEN);
    this.open = stderrAt !== -1 && !CLOSED_TAIL.test(line.slice(stderrAt + STDERR_OPEN.length));
  }

  /** Emits the entry still held. Call at the end of the input (or of a batch). */
  end(): void {
    this.flush();
  }

  private belongsToCurrent(line: string): boolean {
    if (startsLikeEntry(line)) return false;
    if (this.count > MAX_CONTINUATION_LINES || this.chars + line.length > MAX_ENTRY_CHARS) return false;
    if (this.open) return true;
    const c = line.charCodeAt(0);
    return (c === 32 || c === 9) && line.trim() !== '';
  }

  private flush(): void {
    if (this.count === 0) return;
    let text = this.lines[0]!;
    if (this.count > 1) {
      text = this.lines.slice(0, this.count).join('\n');
      // Let go of a multi-line entry's lines; a one-line entry's slot is reused by the next entry.
      this.lines.length = 0;
    }
    this.count = 0;
    this.chars = 0;
    this.open = false;
    this.sink(text, this.firstLine);
  }
}

/**
 * `YYYY/MM/DD ` at the start, nginx's stderr form (`nginx: ...`), or a syslog / journald header
 * followed by either within 256 chars.
 */
function startsLikeEntry(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c >= 48 && c <= 57 && line.charCodeAt(4) === 47 && line.charCodeAt(7) === 47) return true;
  if (line.startsWith('nginx: ')) return true;
  if (!/^(?:<\d{1,3}>|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d |\d{4}-\d\d-\d\dT)/.test(line)) return false;
  const head = line.slice(0, 300);
  return /\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[/.test(head) || head.includes(' nginx: ');
}
