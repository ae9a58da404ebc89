import { EngineError } from '../config/index.ts';

/**
 * Per-event deduplication ACROSS batches of one log stream, at a constant store cost per batch.
 *
 * CloudWatch Logs delivers at least once, and nothing it documents says a redelivery repeats the same
 * batch: it may repackage events, so batch B (ids 3-8) can overlap batch A (ids 0-5). The engine's
 * batch id (a hash of the batch's ids) only catches identical batches. The ledger catches the rest:
 * one record per log stream listing, for its recent deliveries, the exact ids each one CLAIMED. A new
 * delivery claims its ids that no other delivery claimed before, with one conditional write, and is
 * processed with only those. Ids are held as runs of consecutive numbers (CloudWatch numbers a stream's
 * events in sequence, so a batch is usually a few runs), delta-encoded in base 36: a contiguous batch
 * of 10 000 events costs about 60 characters.
 *
 * Cost per batch: one strongly consistent read and one conditional write of a record of at most
 * {@link MAX_LEDGER_CHARS} characters (a retry of a batch whose claim is recorded: the read only).
 * Races (two deliveries of one stream at once) retry the read and write; the loser claims only what
 * the winner did not.
 *
 * Exact, never lossy: an id is dropped only when another delivery recorded exactly that id. Limits, by
 * design: deliveries older than the record keeps (the oldest are dropped first, past
 * {@link MAX_LEDGER_CHARS} or {@link LEDGER_HORIZON_MS}) are forgotten, and a delivery whose ids
 * form more than {@link MAX_ENTRY_RUNS} runs (a sparse filter) is processed whole and recorded
 * as nothing: such overlaps may count twice, an identical redelivery still counts once (batch id).
 */

/** One delivery's claim: the key of the delivery (a hash of all its ids) and the ids it claimed. */
export interface LedgerEntry {
  /** Hash of every id of the delivery as it arrived: its retries and identical redeliveries share it. */
  delivery: string;
  /** The ids it claimed (`RunSet.encode`); '' when it claimed none, or when `unrecorded`. */
  runs: string;
  /** It claimed more runs than {@link MAX_ENTRY_RUNS}: recorded as nothing, so others do not see them. */
  unrecorded?: true;
  /** Newest event time of the delivery (ms): the horizon drops entries by it. */
  newest: number;
}

/** The record of one log stream. `version` is the optimistic lock (0: no record yet). */
export interface StreamLedger {
  logGroup: string;
  logStream: string;
  version: number;
  entries: LedgerEntry[];
  /** Epoch seconds (DynamoDB TTL). */
  expiresAt: number;
}

/** The store side: a read and a conditional write, both by (log group, log stream). */
export interface StreamLedgerStore {
  /** The stream's record, or undefined. Strongly consistent. */
  getStreamLedger(logGroup: string, logStream: string): Promise<StreamLedger | undefined>;
  /**
   * CONDITIONAL write: only when the stored record's version is `ledger.version - 1` (0: none
   * stored). False when somebody wrote in between.
   */
  putStreamLedger(ledger: StreamLedger): Promise<boolean>;
}

/**
 * Characters of encoded claims one stream's record keeps: about 2 KB with keys, so its write costs 2
 * units whatever the incident's age (a record of 6 000 characters made a batch at minute 30 cost 1.5x
 * the write units of one at minute 1, measured with `npm run bench:fleet`). It holds the last 15-20
 * deliveries of a busy stream (a minute or two at one delivery per 5 s) and hours of a quiet one;
 * an identical redelivery, however late, is caught by the batch id anyway.
 */
export const MAX_LEDGER_CHARS = 1_500;
/** Deliveries whose newest event is older than this, against the newest one recorded, are dropped. */
export const LEDGER_HORIZON_MS = 6 * 3600 * 1000;
/** A delivery with more runs than this is not recorded (it would crowd out every other one). */
export const MAX_ENTRY_RUNS = 200;
/** Read-write rounds before a delivery gives up under contention (the invocation fails and is retried). */
const MAX_ROUNDS = 8;

export interface ClaimedEvents<E> {
  /** The events to process: those this delivery claimed. */
  events: E[];
  /** Events another delivery had claimed: not processed (counted once, there). */
  overlapping: number;
}

/**
 * Claims the events of one delivery of a stream and returns those to process.
 *
 * @param key the delivery's key: a hash of ALL its ids (retries recognise their entry by it)
 * @param expiresAt TTL of the record (epoch seconds)
 */
export async function claimStreamEvents<E extends { id: string; timestamp: number }>(
  store: StreamLedgerStore,
  stream: { logGroup: string; logStream: string },
  key: string,
  events: readonly E[],
  expiresAt: number,
): Promise<ClaimedEvents<E>> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const stored = await store.getStreamLedger(stream.logGroup, stream.logStream);
    const entries = stored?.entries ?? [];
    const own = entries.find((e) => e.delivery === key);
    const others = RunSet.union(entries.filter((e) => e !== own).map((e) => e.runs));
    if (own !== undefined) {
      // A retry, or the same delivery again: exactly what it claimed the first time (an unrecorded
      // claim: what nobody else claimed, as the first time unless a newer overlap came in between).
      const claimed = own.unrecorded ? undefined : RunSet.decode(own.runs);
      const mine = events.filter((e) => (claimed ? claimed.has(e.id) : !others.has(e.id)));
      return { events: mine, overlapping: events.length - mine.length };
    }
    const fresh = events.filter((e) => !others.has(e.id));
    const runs = RunSet.encode(fresh.map((e) => e.id));
    const newest = events.reduce((max, e) => Math.max(max, e.timestamp), 0);
    const entry: LedgerEntry =
      runs.runs > MAX_ENTRY_RUNS
        ? { delivery: key, runs: '', newest, unrecorded: true }
        : { delivery: key, runs: runs.text, newest };
    const next: StreamLedger = {
      logGroup: stream.logGroup,
      logStream: stream.logStream,
      version: (stored?.version ?? 0) + 1,
      entries: trim([...entries, entry]),
      expiresAt: Math.max(expiresAt, stored?.expiresAt ?? 0),
    };
    if (await store.putStreamLedger(next))
      return { events: fresh, overlapping: events.length - fresh.length };
  }
  throw new EngineError(
    `stream ${stream.logGroup}/${stream.logStream}: ledger busy after ${MAX_ROUNDS} rounds`,
  );
}

/** Drops the oldest entries past the horizon and the size budget (the newest entry always stays). */
function trim(entries: LedgerEntry[]): LedgerEntry[] {
  const newest = entries.reduce((max, e) => Math.max(max, e.newest), 0);
  let kept = entries.filter((e, n) => n === entries.length - 1 || e.newest >= newest - LEDGER_HORIZON_MS);
  let chars = kept.reduce((sum, e) => sum + e.delivery.length + e.runs.length + 16, 0);
  while (kept.length > 1 && chars > MAX_LEDGER_CHARS) {
    chars -= kept[0]!.delivery.length + kept[0]!.runs.length + 16;
    kept = kept.slice(1);
  }
  return kept;
}

/** A set of decimal ids held as sorted runs [start, end] of consecutive numbers. */
export class RunSet {
  readonly #starts: bigint[];
  readonly #ends: bigint[];

  private constructor(starts: bigint[], ends: bigint[]) {
    this.#starts = starts;
    this.#ends = ends;
  }

  /** `start:length` pairs, the start as the (base 36) distance from the previous run's end. */
  static encode(ids: readonly string[]): { text: string; runs: number } {
    const sorted = [...new Set(ids)].map((id) => BigInt(id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const parts: string[] = [];
    let previousEnd = 0n;
    for (let i = 0; i < sorted.length; ) {
      const start = sorted[i]!;
      let end = start;
      while (i + 1 < sorted.length && sorted[i + 1] === end + 1n) end = sorted[++i]!;
      i++;
      parts.push(`${(start - previousEnd).toString(36)}:${(end - start + 1n).toString(36)}`);
      previousEnd = end;
    }
    return { text: parts.join(','), runs: parts.length };
  }

  static decode(text: string): RunSet {
    return RunSet.union([text]);
  }

  /** The union of encoded sets (overlaps allowed), as sorted, merged runs. */
  static union(texts: readonly string[]): RunSet {
    const runs: [bigint, bigint][] = [];
    for (const text of texts) {
      if (text === '') continue;
      let previousEnd = 0n;
      for (const part of text.split(',')) {
        const [delta, length] = part.split(':');
        const start = previousEnd + parseBase36(delta ?? '0');
        const end = start + parseBase36(length ?? '1') - 1n;
        runs.push([start, end]);
        previousEnd = end;
      }
    }
    runs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const starts: bigint[] = [];
    const ends: bigint[] = [];
    for (const [start, end] of runs) {
      if (ends.length > 0 && start <= ends[ends.length - 1]! + 1n) {
        if (end > ends[ends.length - 1]!) ends[ends.length - 1] = end;
      } else {
        starts.push(start);
        ends.push(end);
      }
    }
    return new RunSet(starts, ends);
  }

  has(id: string): boolean {
    if (this.#starts.length === 0 || !/^\d+$/.test(id)) return false;
    const n = BigInt(id);
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (n < this.#starts[mid]!) hi = mid - 1;
      else if (n > this.#ends[mid]!) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

function parseBase36(text: string): bigint {
  let n = 0n;
  for (const c of text) n = n * 36n + BigInt(Number.parseInt(c, 36));
  return n;
}
