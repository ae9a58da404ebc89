/**
 * Count records keyed by status codes (`"502"`), epoch minutes or instance names: `Record<string,
 * number>` as stored, rendered and serialised. Build and copy them only through these helpers.
 *
 * Why: V8 keeps integer-like keys as array elements. The first `counts["504"] = 1` on a plain `{}`
 * (or a spread copy `{ ...counts }`) allocates a fast element store of about 770 slots: 6 KB for one
 * count. An incident, a delta and an activity record each carry such objects, so memory and
 * allocation grew by kilobytes per item. Starting the object with dictionary elements keeps it near
 * 200 bytes. The keys, their order (integer keys ascending, then the others in insertion order),
 * `JSON.stringify` and `Object.entries` are exactly those of a plain object: only the layout differs.
 */
const FAR_INDEX = 2 ** 30;

/** An empty record whose integer keys stay in a compact (dictionary) element store. */
export function emptyCounts<T = number>(): Record<string, T> {
  const record: Record<number, T | number> = {};
  // A far index makes the element store a dictionary; deleting it leaves the dictionary in place.
  record[FAR_INDEX] = 0;
  delete record[FAR_INDEX];
  return record as Record<string, T>;
}

/** A compact copy of a count record. */
export function copyCounts(from: Readonly<Record<string, number>>): Record<string, number> {
  // Own keys in the same order as `for...in` (no inherited ones here), copied natively: faster for
  // the 30 per-minute buckets an incident keeps.
  return Object.assign(emptyCounts(), from);
}

/** Adds `from`'s counts into `into` (mutates `into`). */
export function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const key in from) into[key] = (into[key] ?? 0) + from[key]!;
}
