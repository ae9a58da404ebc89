import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Alert } from '#shared/alerts/index.ts';
import type { ReportAlert } from '#shared/report/index.ts';
import { toReportAlert } from '#shared/report/index.ts';
import { SentAlerts } from './SentAlerts.ts';

/** Lines written to the file in blocks of about this many characters. */
const BLOCK_CHARS = 256 * 1024;

/**
 * Sent alerts spilled to a temporary file (one JSON line each) as the replay sends them, and read
 * back one at a time while the report is written: a long log sends thousands of alerts of a few KB,
 * which held in memory were half of what `analyze` kept. `dispose()` deletes the file.
 */
export class AlertSpill extends SentAlerts {
  readonly #dir = mkdtempSync(join(tmpdir(), 'upstream-triage-'));
  readonly #path = join(this.#dir, 'alerts.ndjson');
  #fd: number | undefined = openSync(this.#path, 'w', 0o600);
  #block: string[] = [];
  #chars = 0;

  protected keep(alert: Alert): void {
    const line = `${JSON.stringify(toReportAlert(alert))}\n`;
    this.#block.push(line);
    this.#chars += line.length;
    if (this.#chars >= BLOCK_CHARS) this.#flush();
  }

  async *alerts(): AsyncIterable<ReportAlert> {
    this.#flush();
    if (this.#fd !== undefined) {
      closeSync(this.#fd);
      this.#fd = undefined;
    }
    const lines = createInterface({ input: createReadStream(this.#path, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) if (line !== '') yield JSON.parse(line) as ReportAlert;
  }

  /** The temporary file (for tests). */
  get file(): string {
    return this.#path;
  }

  /** Deletes the temporary file. */
  dispose(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    rmSync(this.#dir, { recursive: true, force: true });
  }

  #flush(): void {
    if (this.#block.length === 0 || this.#fd === undefined) return;
    writeSync(this.#fd, this.#block.join(''));
    this.#block = [];
    this.#chars = 0;
  }
}
