/**
 * Caps that keep an incident item small (DynamoDB items stop at 400 KB) and an alert under SNS's
 * 256 KB whatever the log holds.
 */
export const MAX_SAMPLES = 5;
export const MAX_SAMPLE_CHARS = 1000;
export const MAX_DISTINCT = 10;
export const MAX_VALUE_CHARS = 200;
export const MAX_APPLIED_DELTAS = 300;

/** Adds a value to a capped list of distinct values (values cut to `MAX_VALUE_CHARS`). */
export function addDistinct(
  list: string[],
  value: string,
  cap = MAX_DISTINCT,
  maxChars = MAX_VALUE_CHARS,
): void {
  const bounded = value.length > maxChars ? `${value.slice(0, maxChars)}...` : value;
  if (list.length < cap && !list.includes(bounded)) list.push(bounded);
}

/** Adds a masked sample to the capped list of distinct samples. */
export function addSample(list: string[], sample: string): void {
  addDistinct(list, sample, MAX_SAMPLES, MAX_SAMPLE_CHARS);
}
