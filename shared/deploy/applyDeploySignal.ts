import type { DeployWindow, EpochMs, EpochSeconds } from '../model/index.ts';
import type { DeploySignal } from './DeploySignal.ts';

/** Separates a recurring key from the window's start in the window id: `eb:shop-prod@1773482400000`. */
const RECURRING_SEPARATOR = '@';

/** The windows a signal may update: ids equal to its key, or `<key>@...` for a recurring key. */
export function windowsOfSignal(windows: readonly DeployWindow[], signal: DeploySignal): DeployWindow[] {
  const prefix = `${signal.key}${RECURRING_SEPARATOR}`;
  return windows.filter((w) => (signal.recurring ? w.id.startsWith(prefix) : w.id === signal.key));
}

/**
 * Merges one deploy signal into the store's windows and returns the window to write: built from the
 * stored window it read (so it carries that `version`, and `putDeployWindow` refuses it if the window
 * changed since; `writeDeployWindow` then merges again into the fresh one). Pure and
 * idempotent: applying the same signal twice gives the same window; start/end/instances merge
 * commutatively (earliest start, latest end, union of instances and log groups), so redelivered and reordered
 * events converge. Fields the engine maintains (`digestSent`, `seenIn`, ...) are kept.
 *
 * Recurring keys (Elastic Beanstalk has no deployment id): a start opens `<key>@<start>` (the same
 * start again finds the same window); an end closes the newest window that started before it when
 * that window is still open or already ends there; otherwise it records a zero-length window at the
 * end time (the start event was lost) rather than stretching an older window.
 *
 * @param windows the store's windows near the signal's time (any ids; filtered here)
 * @param expiresAtOf the TTL of the merged window (from its newest time)
 */
export function applyDeploySignal(
  windows: readonly DeployWindow[],
  signal: DeploySignal,
  expiresAtOf: (newest: EpochMs) => EpochSeconds,
): DeployWindow {
  const candidates = windowsOfSignal(windows, signal);
  const existing = signal.recurring ? pickRecurring(candidates, signal) : candidates[0];
  const id =
    existing?.id ??
    (signal.recurring
      ? `${signal.key}${RECURRING_SEPARATOR}${signal.start ?? signal.end ?? signal.seen}`
      : signal.key);

  const starts = [existing?.start, signal.start, signal.seen].filter(isNumber);
  const ends = [existing?.end, signal.end].filter(isNumber);
  // Progress after a known end widens the end too (a late instance event); before any end it does not close the window.
  if (ends.length > 0) ends.push(signal.seen);
  const start = Math.min(...starts);
  const end = ends.length > 0 ? Math.max(...ends) : undefined;

  const instances = union(existing?.instances, signal.instances);
  // Start from the stored window so fields the engine maintains (digestSent, seenIn, ...) survive.
  const window: DeployWindow = {
    ...existing,
    id,
    source: existing?.source ?? 'marker',
    start,
    expiresAt: expiresAtOf(end ?? Math.max(...starts)),
  };
  if (end !== undefined) window.end = end;
  if (instances) window.instances = instances;
  const logGroups = union(existing?.logGroups, signal.logGroups);
  if (logGroups) window.logGroups = logGroups;
  const scope = existing?.scope ?? signal.scope;
  if (scope !== undefined) window.scope = scope;
  const label = existing?.label ?? signal.label;
  if (label !== undefined) window.label = label;
  return window;
}

function pickRecurring(candidates: DeployWindow[], signal: DeploySignal): DeployWindow | undefined {
  if (signal.start !== undefined) {
    const id = `${signal.key}${RECURRING_SEPARATOR}${signal.start}`;
    return candidates.find((w) => w.id === id);
  }
  const at = signal.end ?? signal.seen;
  const latest = candidates.filter((w) => w.start <= at).sort((a, b) => b.start - a.start)[0];
  if (!latest) return undefined;
  if (signal.end === undefined) return latest;
  return latest.end === undefined || latest.end === signal.end ? latest : undefined;
}

function union(a: readonly string[] | undefined, b: readonly string[] | undefined): string[] | undefined {
  if (a === undefined && b === undefined) return undefined;
  return [...new Set([...(a ?? []), ...(b ?? [])])].sort();
}

function isNumber(value: number | undefined): value is number {
  return value !== undefined;
}
