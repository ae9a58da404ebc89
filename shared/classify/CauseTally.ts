import type { CauseGroup, CauseId, ClassifiedLine } from '../model/index.ts';
import { ownString } from '../model/index.ts';

export interface CauseCount {
  cause: CauseId;
  group: CauseGroup;
  count: number;
  /** Count per client status; `none` for entries that imply no status. */
  statuses: Record<string, number>;
  firstTime: string | null;
  lastTime: string | null;
  /** The first raw entry seen for the cause. */
  example: string;
}

/** Counts classified entries per cause, in constant memory. */
export class CauseTally {
  private readonly byCause = new Map<CauseId, CauseCount>();
  total = 0;

  add(c: ClassifiedLine): void {
    this.total++;
    // `time` and `raw`, not `entry`: a lazily classified line is counted without being parsed.
    const time = c.time;
    let row = this.byCause.get(c.cause);
    if (!row) {
      row = {
        cause: c.cause,
        group: c.group,
        count: 0,
        statuses: {},
        firstTime: time,
        lastTime: time,
        // Its own copy: the raw text is a slice of a 1 MiB read chunk it would keep alive.
        example: ownString(c.raw),
      };
      this.byCause.set(c.cause, row);
    }
    row.count++;
    const status = c.status === null ? 'none' : String(c.status);
    row.statuses[status] = (row.statuses[status] ?? 0) + 1;
    if (time !== null) {
      if (row.firstTime === null || time < row.firstTime) row.firstTime = time;
      if (row.lastTime === null || time > row.lastTime) row.lastTime = time;
    }
  }

  /** Rows, most frequent first. */
  rows(): CauseCount[] {
    return [...this.byCause.values()].sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause));
  }

  count(cause: CauseId): number {
    return this.byCause.get(cause)?.count ?? 0;
  }
}
