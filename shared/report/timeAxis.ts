import { formatClock, formatDate, zonedParts, zoneOffsetMs } from './zonedTime.ts';

export interface AxisTick {
  ms: number;
  /** `03:15:30`, `03:15` or `2026-11-22`. */
  label: string;
  /** Set on the first tick and where the date changes, when the labels are clock times. */
  date?: string;
}

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const STEPS: readonly number[] = [
  S,
  2 * S,
  5 * S,
  10 * S,
  15 * S,
  30 * S,
  M,
  2 * M,
  5 * M,
  10 * M,
  15 * M,
  30 * M,
  H,
  2 * H,
  3 * H,
  6 * H,
  12 * H,
  D,
  2 * D,
  7 * D,
  14 * D,
  30 * D,
];

/**
 * Ticks for a time axis in `timeZone`: a round step (1 s ... 30 d) giving at most `maxTicks` ticks,
 * placed on round wall-clock times of the zone (03:15:00, not 02:15:00 shifted by the offset), and
 * labelled in that zone.
 */
export function axisTicks(start: number, end: number, timeZone: string, maxTicks = 10): AxisTick[] {
  if (!(end > start))
    return [{ ms: start, label: formatClock(start, timeZone, true), date: formatDate(start, timeZone) }];
  const span = end - start;
  const step = STEPS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / D) * D;
  const withSeconds = step < M;
  const ticks: AxisTick[] = [];
  let previousDate = '';
  // Align on the zone's wall clock: shift into local time, round up to the step, shift back. The
  // offset is taken per tick, so a DST change mid-range still lands on round local times.
  let local = Math.ceil((start + zoneOffsetMs(start, timeZone)) / step) * step;
  for (let guard = 0; guard < maxTicks * 3 + 5; guard++) {
    let ms = local - zoneOffsetMs(local - zoneOffsetMs(start, timeZone), timeZone);
    if (step >= D) ms = startOfLocalDay(ms, timeZone);
    if (ms > end) break;
    if (ms >= start && (ticks.length === 0 || ms > (ticks.at(-1)?.ms ?? 0))) {
      const date = formatDate(ms, timeZone);
      const tick: AxisTick = { ms, label: step >= D ? date : formatClock(ms, timeZone, withSeconds) };
      if (step < D && date !== previousDate) tick.date = date;
      previousDate = date;
      ticks.push(tick);
    }
    local += step;
  }
  return ticks;
}

function startOfLocalDay(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  const guess = Date.UTC(p.year, p.month - 1, p.day);
  return guess - zoneOffsetMs(guess, timeZone);
}
