import type { CauseId } from '../model/index.ts';

/** One classified event as the timeline needs it (or `count` events at the same time, pre-aggregated). */
export interface BinEvent {
  instance: string;
  /** Epoch ms. */
  timestamp: number;
  cause: CauseId;
  /** The status the client got; null when the line implies none. */
  status: number | null;
  /** How many events this stands for (default 1): callers may pre-aggregate per second. */
  count?: number;
}

/** The events of one instance within one time bucket. */
export interface Bucket {
  /** 0-based position on the grid: the bucket covers `[start + index * bucketMs, ... + bucketMs)`. */
  index: number;
  total: number;
  byCause: Partial<Record<CauseId, number>>;
  /** By client status: `"502"`, `"504"`, ... and `"none"`. */
  byStatus: Record<string, number>;
}

/** One instance's row: its non-empty buckets (sparse, ascending index) and its totals. */
export interface TimelineRow {
  instance: string;
  total: number;
  byCause: Partial<Record<CauseId, number>>;
  byStatus: Record<string, number>;
  buckets: Bucket[];
}

export interface BinnedTimeline {
  /** Start of bucket 0 (a multiple of `bucketMs`), epoch ms. */
  start: number;
  /** End of the last bucket (exclusive), epoch ms. */
  end: number;
  bucketMs: number;
  bucketCount: number;
  /** One row per instance: the `instances` option's order first, then the others by name. */
  rows: TimelineRow[];
}

export interface BinOptions {
  /** The range to cover at least (deploy windows, alerts); widened to hold every event. */
  start?: number;
  end?: number;
  /** At most this many buckets per row (default 480): the bucket width follows from the span. */
  maxBuckets?: number;
  /** Rows to show even without events (an instance whose log was empty), in this order. */
  instances?: readonly string[];
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Bucket widths a person reads easily. nginx logs whole seconds, so nothing finer than a second.
 */
export const BUCKET_WIDTHS: readonly number[] = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  7 * DAY,
  30 * DAY,
  365 * DAY,
];

export const DEFAULT_MAX_BUCKETS = 480;

/**
 * The narrowest readable bucket width that covers `[start, end]` in at most `maxBuckets` buckets
 * (grid aligned to multiples of the width). A day fits in 288 buckets of 5 minutes.
 *
 * @example chooseBucketMs(0, 86_400_000 - 1) // 300000
 */
export function chooseBucketMs(start: number, end: number, maxBuckets = DEFAULT_MAX_BUCKETS): number {
  for (const width of BUCKET_WIDTHS) {
    if (countBuckets(start, end, width) <= maxBuckets) return width;
  }
  // Spans beyond centuries: widen by whole years until it fits.
  const year = BUCKET_WIDTHS.at(-1) ?? DAY;
  return Math.ceil((end - start + 1) / year / Math.max(1, maxBuckets - 1)) * year;
}

function countBuckets(start: number, end: number, width: number): number {
  return Math.floor(end / width) - Math.floor(start / width) + 1;
}

/**
 * Bins classified events per instance into time buckets, counting per cause and per status, so a
 * day of logs becomes a few hundred cells per row whatever the line count. Every event lands in
 * exactly one bucket: the counts over the buckets of a row add up to the row's events.
 *
 * @example binEvents([{ instance: 'i-1', timestamp: 1500, cause: 'upstream_refused', status: 502 }]).rows[0].buckets[0]
 * // { index: 0, total: 1, byCause: { upstream_refused: 1 }, byStatus: { '502': 1 } }
 */
export function binEvents(events: readonly BinEvent[], options: BinOptions = {}): BinnedTimeline {
  let min = options.start ?? Number.POSITIVE_INFINITY;
  let max = options.end ?? Number.NEGATIVE_INFINITY;
  for (const event of events) {
    if (!Number.isFinite(event.timestamp)) continue;
    if (event.timestamp < min) min = event.timestamp;
    if (event.timestamp > max) max = event.timestamp;
  }
  if (!Number.isFinite(min) && !Number.isFinite(max)) min = max = 0;
  else if (!Number.isFinite(min)) min = max;
  else if (!Number.isFinite(max)) max = min;
  if (max < min) [min, max] = [max, min];

  const bucketMs = chooseBucketMs(min, max, Math.max(1, options.maxBuckets ?? DEFAULT_MAX_BUCKETS));
  const start = Math.floor(min / bucketMs) * bucketMs;
  const bucketCount = countBuckets(min, max, bucketMs);

  const rows = new Map<string, { row: TimelineRow; cells: Map<number, Bucket> }>();
  const rowOf = (instance: string) => {
    let entry = rows.get(instance);
    if (!entry) {
      entry = { row: { instance, total: 0, byCause: {}, byStatus: {}, buckets: [] }, cells: new Map() };
      rows.set(instance, entry);
    }
    return entry;
  };
  for (const instance of options.instances ?? []) rowOf(instance);

  for (const event of events) {
    // A non-finite time cannot be placed; it is counted on the row, in bucket 0, rather than lost.
    const time = Number.isFinite(event.timestamp) ? event.timestamp : start;
    const n = event.count ?? 1;
    const status = event.status === null ? 'none' : String(event.status);
    const { row, cells } = rowOf(event.instance);
    const index = Math.floor((time - start) / bucketMs);
    let cell = cells.get(index);
    if (!cell) {
      cell = { index, total: 0, byCause: {}, byStatus: {} };
      cells.set(index, cell);
    }
    cell.total += n;
    cell.byCause[event.cause] = (cell.byCause[event.cause] ?? 0) + n;
    cell.byStatus[status] = (cell.byStatus[status] ?? 0) + n;
    row.total += n;
    row.byCause[event.cause] = (row.byCause[event.cause] ?? 0) + n;
    row.byStatus[status] = (row.byStatus[status] ?? 0) + n;
  }

  const listed = new Set(options.instances ?? []);
  const ordered = [
    ...(options.instances ?? []),
    ...[...rows.keys()].filter((i) => !listed.has(i)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  ];
  const seen = new Set<string>();
  const out: TimelineRow[] = [];
  for (const instance of ordered) {
    if (seen.has(instance)) continue;
    seen.add(instance);
    const entry = rows.get(instance);
    if (!entry) continue;
    entry.row.buckets = [...entry.cells.values()].sort((a, b) => a.index - b.index);
    out.push(entry.row);
  }
  return { start, end: start + bucketCount * bucketMs, bucketMs, bucketCount, rows: out };
}
