import { ownString } from '../../model/index.ts';

/**
 * Caps that keep an incident item small (DynamoDB items stop at 400 KB) and an alert under SNS's
 * 256 KB whatever the log holds.
 */
export const MAX_SAMPLES = 5;
export const MAX_SAMPLE_CHARS = 1000;
export const MAX_DISTINCT = 10;
export const MAX_VALUE_CHARS = 200;
/**
 * Delta ids an incident keeps (`appliedDeltas`, newest last).
 *
 * At most once, by layers: a redelivered batch recorded `done` is skipped whole; one recorded
 * `applied` (its deltas all merged, its alerts not published: SNS failed, the invocation timed out,
 * and Lambda retries it one to three minutes later, or hours later after throttling) skips its deltas
 * and only decides and delivers again. The ids matter only for a batch that died WHILE writing its
 * deltas (between the first incident write and `markBatchApplied`: a few writes, milliseconds): its
 * redelivery skips the deltas whose ids the incident still holds. If more than this many other deltas
 * reached the incident in between (a fleet incident merges one per batch of every instance, so a busy
 * log group gets there within the minute before the first retry), the delta is merged again: that
 * incident counts one batch's events of one cause twice. Counts and samples only: restart and fleet
 * verdicts come from activity records, which a redelivery rewrites under the same key.
 *
 * The price of a larger window is paid on every write: each id is 25 to 45 bytes, every incident
 * write is billed per KB (times three with the two index copies), and the ingest and sweeper read
 * open incidents all the time. 300 ids with the slot in them made a busy fleet incident about 30 KB
 * (30 write units per write); 32 short ids keep it under 3 KB (test/functions/incidentItemSize.test.ts
 * prints both), and still cover the few delta writes of any one batch many times over.
 */
export const MAX_APPLIED_DELTAS = 32;

/** Adds a value to a capped list of distinct values (values cut to `MAX_VALUE_CHARS`, stored as their own copy). */
export function addDistinct(
  list: string[],
  value: string,
  cap = MAX_DISTINCT,
  maxChars = MAX_VALUE_CHARS,
): void {
  if (list.length >= cap) return;
  const bounded = boundedValue(value, maxChars);
  // A private copy: the value is usually a slice of a log line that would stay alive with it.
  if (!list.includes(bounded)) list.push(ownString(bounded));
}

/** Whether `addDistinct(list, value)` would add `value` (without copying `list` to find out). */
export function addsDistinct(list: readonly string[], value: string): boolean {
  return list.length < MAX_DISTINCT && !list.includes(boundedValue(value, MAX_VALUE_CHARS));
}

function boundedValue(value: string, maxChars: number): string {
  return value.length > maxChars ? `${value.slice(0, maxChars)}...` : value;
}

/** Adds a masked sample to the capped list of distinct samples. */
export function addSample(list: string[], sample: string): void {
  addDistinct(list, sample, MAX_SAMPLES, MAX_SAMPLE_CHARS);
}

/**
 * `list` with `id` appended and only the newest `cap` kept: one new array (the ids of a redelivery
 * guard). Copied by a loop: `slice` of a frozen array (a stored incident's) takes V8's slow path,
 * about 1 to 2 µs for 32 ids, on every merge.
 */
export function appendNewest(list: readonly string[], id: string, cap: number): string[] {
  const out: string[] = [];
  for (let i = Math.max(0, list.length + 1 - cap); i < list.length; i++) out.push(list[i]!);
  out.push(id);
  return out;
}
