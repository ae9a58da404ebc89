import type { CauseGroup, CauseId, Classification, ClassifiedLine } from '../model/index.ts';
import { ownString } from '../model/index.ts';
import { isoTime } from '../parse/index.ts';
import { classifyText, verdictOfText } from './classifyLine.ts';

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

/** A row while counting: times compared as numbers (see {@link timeKey}), their text kept on change. */
interface Row {
  cause: CauseId;
  group: CauseGroup;
  count: number;
  statuses: Record<string, number>;
  firstKey: number;
  lastKey: number;
  firstTime: string | null;
  lastTime: string | null;
  example: string;
}

/** What one verdict adds to: its cause's row and its status key, looked up once per verdict. */
interface Target {
  row: Row;
  status: string;
}

/** Counts classified entries per cause, in constant memory. */
export class CauseTally {
  private readonly byCause = new Map<CauseId, Row>();
  /** Verdicts are shared frozen objects: each maps to its row and status key once. */
  private readonly byVerdict = new Map<Classification, Target>();
  total = 0;
  /** The nginx timestamp (`YYYY/MM/DD hh:mm:ss`) of the last entry `addText` counted, and its key. */
  private lastStamp = '\u0000';
  private lastStampKey = 0;

  add(c: ClassifiedLine): void {
    // `time` and `raw`, not `entry`: a lazily classified line is counted without being parsed.
    const time = c.time;
    const row = this.rowOf(c, c.raw);
    this.total++;
    row.count++;
    const status = c.status === null ? 'none' : String(c.status);
    row.statuses[status] = (row.statuses[status] ?? 0) + 1;
    if (time !== null) {
      const key = timeKey(time);
      if (key < row.firstKey) {
        row.firstKey = key;
        row.firstTime = time;
      }
      if (key > row.lastKey) {
        row.lastKey = key;
        row.lastTime = time;
      }
    }
  }

  /**
   * Classifies one entry's text and counts it: `add(classifyText(text))`, without building an
   * object per entry when the entry has nginx's common shape (then its time is `isoTime(text, 0)`,
   * made only when it moves a row's first or last time).
   */
  addText(text: string): void {
    const verdict = verdictOfText(text);
    if (verdict === undefined) {
      this.add(classifyText(text));
      return;
    }
    let target = this.byVerdict.get(verdict);
    if (target === undefined) {
      target = {
        row: this.rowOf(verdict, text),
        status: verdict.status === null ? 'none' : String(verdict.status),
      };
      this.byVerdict.set(verdict, target);
    }
    const row = target.row;
    this.total++;
    row.count++;
    row.statuses[target.status] = (row.statuses[target.status] ?? 0) + 1;
    // Entries come in bursts of one second: the previous entry's time is usually this one's.
    if (!text.startsWith(this.lastStamp)) {
      this.lastStamp = text.slice(0, 19);
      this.lastStampKey = timeKey(text);
    }
    const key = this.lastStampKey;
    if (key < row.firstKey) {
      row.firstKey = key;
      row.firstTime = isoTime(text, 0);
    }
    if (key > row.lastKey) {
      row.lastKey = key;
      row.lastTime = isoTime(text, 0);
    }
  }

  /** Rows, most frequent first. */
  rows(): CauseCount[] {
    return [...this.byCause.values()]
      .sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause))
      .map((r) => ({
        cause: r.cause,
        group: r.group,
        count: r.count,
        statuses: r.statuses,
        firstTime: r.firstTime,
        lastTime: r.lastTime,
        example: r.example,
      }));
  }

  count(cause: CauseId): number {
    return this.byCause.get(cause)?.count ?? 0;
  }

  private rowOf(c: Pick<Classification, 'cause' | 'group'>, raw: string): Row {
    let row = this.byCause.get(c.cause);
    if (!row) {
      row = {
        cause: c.cause,
        group: c.group,
        count: 0,
        statuses: {},
        firstKey: Number.POSITIVE_INFINITY,
        lastKey: Number.NEGATIVE_INFINITY,
        firstTime: null,
        lastTime: null,
        // Its own copy: the raw text is a slice of a read chunk it would keep alive.
        example: ownString(raw),
      };
      this.byCause.set(c.cause, row);
    }
    return row;
  }
}

/**
 * A time as the number `YYYYMMDDhhmmss`, read from its digits: nginx's `YYYY/MM/DD hh:mm:ss` and the
 * ISO `YYYY-MM-DDThh:mm:ss` have them at the same places, and the numbers order as the texts do.
 */
function timeKey(s: string): number {
  return (
    digits(s, 0, 4) * 1e10 +
    digits(s, 5, 2) * 1e8 +
    digits(s, 8, 2) * 1e6 +
    digits(s, 11, 2) * 1e4 +
    digits(s, 14, 2) * 100 +
    digits(s, 17, 2)
  );
}

function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) v = v * 10 + s.charCodeAt(i) - 48;
  return v;
}
