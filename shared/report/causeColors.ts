import type { CauseGroup, CauseId } from '../model/index.ts';

/**
 * Colours by cause group, so the group reads at a glance (restart: reds and oranges, config:
 * purples, capacity: blues, app: greens, noise and lifecycle: greys), and within a group distinct
 * shades in order of appearance. All keep a contrast of at least 3:1 on white.
 */
const GROUP_PALETTES: Record<CauseGroup, readonly string[]> = {
  restart: ['#d62728', '#e6700a', '#a1251b', '#c2185b', '#b8860b', '#8c4a1e'],
  config: ['#7b3fb5', '#b0279e', '#5b2c8f', '#9c6ade', '#6d1b7b', '#c05ec7'],
  capacity: ['#1f6fb4', '#0f8b9b', '#254e9c', '#3c8dd8', '#0b5f6e', '#5a6fcf'],
  app: ['#2c8a2c', '#5d8c15', '#1b6b45', '#47a35c'],
  noise: ['#7f7f7f', '#9a8f80', '#6b7280', '#8d8d99'],
  lifecycle: ['#4b5563', '#6b6b6b', '#374151'],
};

/** A colour per cause, deterministic for the same causes in the same order; a long group cycles its palette. */
export function assignCauseColors(
  causes: readonly { id: CauseId; group: CauseGroup }[],
): Map<CauseId, string> {
  const used: Partial<Record<CauseGroup, number>> = {};
  const colors = new Map<CauseId, string>();
  for (const cause of causes) {
    if (colors.has(cause.id)) continue;
    const palette = GROUP_PALETTES[cause.group];
    const n = used[cause.group] ?? 0;
    used[cause.group] = n + 1;
    colors.set(cause.id, palette[n % palette.length] ?? '#7f7f7f');
  }
  return colors;
}
