import { DEPLOYMENT_COMMANDS, DEPLOYMENT_FIX } from '../alerts/index.ts';
import { CAUSES } from '../catalogue/index.ts';
import type { EngineTimings } from '../engine/index.ts';
import type { ReportDeployment } from './Analysis.ts';
import type { BinEvent } from './binEvents.ts';
import type { DeploymentCard, DeploymentInstanceStats } from './ReportModel.ts';

/**
 * A deployment's card: its verdict from the analysis, and its own counts per covered instance (all
 * of them when the window names none): 502/504 within the window plus `grace` on both sides
 * (markers are rarely exact) and the longest `restart` burst. A burst that starts in the window
 * counts whole, even when it outlasts it: an instance the deploy left failing shows how long it
 * failed. Instances without any 502/504 in it are counted, not listed (a fleet has hundreds).
 */
export function deploymentCard(
  d: ReportDeployment,
  events: readonly BinEvent[],
  allInstances: readonly string[],
  settings: Pick<EngineTimings, 'graceMs' | 'burstGapMs'>,
): DeploymentCard {
  const from = d.start - settings.graceMs;
  const to = d.cappedEnd + settings.graceMs;
  const covered = d.instances ? [...d.instances] : [...allInstances];
  const stats = new Map<string, DeploymentInstanceStats>(
    covered.map((i) => [
      i,
      { instance: i, status502: 0, status504: 0, longestBurstMs: 0, longestBurstCount: 0 },
    ]),
  );
  const restartTimes = new Map<string, { time: number; count: number }[]>();
  for (const e of events) {
    const s = stats.get(e.instance);
    if (!s) continue;
    const n = e.count ?? 1;
    const inWindow = e.timestamp >= from && e.timestamp <= to;
    if (inWindow && e.status === 502) s.status502 += n;
    if (inWindow && e.status === 504) s.status504 += n;
    // Bursts are taken whole (one that outlasts the window is the point), then kept if they touch it.
    if (CAUSES[e.cause].group === 'restart') {
      const list = restartTimes.get(e.instance) ?? [];
      if (list.length === 0) restartTimes.set(e.instance, list);
      list.push({ time: e.timestamp, count: n });
    }
  }
  for (const [instance, times] of restartTimes) {
    const s = stats.get(instance);
    if (!s) continue;
    times.sort((a, b) => a.time - b.time);
    let burstStart = Number.NaN;
    let last = Number.NaN;
    let count = 0;
    const close = () => {
      if (
        count > 0 &&
        last >= from &&
        burstStart <= to &&
        (last - burstStart > s.longestBurstMs ||
          (last - burstStart === s.longestBurstMs && count > s.longestBurstCount))
      ) {
        s.longestBurstMs = last - burstStart;
        s.longestBurstCount = count;
      }
    };
    for (const t of times) {
      if (count > 0 && t.time - last <= settings.burstGapMs) {
        last = t.time;
        count += t.count;
      } else {
        close();
        burstStart = last = t.time;
        count = t.count;
      }
    }
    close();
  }
  const all = [...stats.values()];
  const perInstance = all.filter((s) => s.status502 + s.status504 > 0 || s.longestBurstCount > 0);
  const cause = d.pageCause === null ? undefined : CAUSES[d.pageCause];
  const fix =
    d.verdict.tone === 'page'
      ? (cause?.fix ?? [])
      : d.verdict.tone === 'notice' && d.total502 !== null
        ? DEPLOYMENT_FIX
        : [];
  const fixCommands =
    d.verdict.tone === 'page'
      ? (cause?.commands ?? [])
      : d.verdict.tone === 'notice' && d.total502 !== null
        ? DEPLOYMENT_COMMANDS
        : [];
  return { ...d, covered, perInstance, clean: all.length - perInstance.length, fix, fixCommands };
}
