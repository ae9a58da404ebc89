import type { EngineEvent } from '#shared/engine/index.ts';
import { maskSample } from '#shared/engine/index.ts';
import type { CauseId } from '#shared/model/index.ts';
import type { BinEvent } from '#shared/report/index.ts';

const SAMPLES_PER_CAUSE = 4;
/** Masking is not free: stop looking for new distinct samples of a cause after this many tries. */
const SAMPLE_TRIES_PER_CAUSE = 200;

/**
 * Watches the events `analyze` feeds the engine and keeps what the HTML report draws: counts per
 * (instance, second, cause, status), so memory follows the time span and the number of causes, not
 * the line count, and a few distinct masked samples per cause.
 */
export class ReportCollector {
  private readonly cells = new Map<string, BinEvent>();
  private readonly samples = new Map<CauseId, string[]>();
  private readonly tries = new Map<CauseId, number>();
  /** Events without any usable time (a file with no timed entry): counted, not drawn. */
  untimed = 0;

  observe(event: EngineEvent): void {
    const { cause, status } = event.classified;
    if (!(event.timestamp > 0)) {
      this.untimed++;
    } else {
      const second = Math.floor(event.timestamp / 1000) * 1000;
      const key = `${event.instance}\u0000${second}\u0000${cause}\u0000${status ?? ''}`;
      const cell = this.cells.get(key);
      if (cell) cell.count = (cell.count ?? 1) + 1;
      else this.cells.set(key, { instance: event.instance, timestamp: second, cause, status, count: 1 });
    }
    this.sample(cause, event.classified.raw);
  }

  /** Passes the events through unchanged, observing each. */
  async *tap(events: AsyncIterable<EngineEvent>): AsyncGenerator<EngineEvent> {
    for await (const event of events) {
      this.observe(event);
      yield event;
    }
  }

  /** `tap` for a stream of event arrays. */
  async *tapChunks(chunks: AsyncIterable<readonly EngineEvent[]>): AsyncGenerator<readonly EngineEvent[]> {
    for await (const chunk of chunks) {
      for (const event of chunk) this.observe(event);
      yield chunk;
    }
  }

  events(): BinEvent[] {
    return [...this.cells.values()];
  }

  samplesByCause(): Partial<Record<CauseId, readonly string[]>> {
    return Object.fromEntries(this.samples);
  }

  private sample(cause: CauseId, raw: string): void {
    const list = this.samples.get(cause) ?? [];
    const tries = this.tries.get(cause) ?? 0;
    if (list.length >= SAMPLES_PER_CAUSE || tries >= SAMPLE_TRIES_PER_CAUSE) return;
    this.tries.set(cause, tries + 1);
    const masked = maskSample(raw.slice(0, 2000));
    if (!list.includes(masked)) list.push(masked);
    this.samples.set(cause, list);
  }
}
