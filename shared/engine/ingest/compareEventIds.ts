/**
 * The order of event ids within a millisecond: CloudWatch ids are decimal strings of up to 56
 * digits, compared numerically without BigInt (a longer id is larger); CLI ids `file:line` compare
 * the same way. The aggregate's event order, and every check that entries already come in it.
 */
export function compareEventIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
