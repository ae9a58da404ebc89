import { DEPLOYMENT_COMMANDS, DEPLOYMENT_FIX } from '../alerts/deploymentFix.ts';
import { CAUSES } from '../catalogue/index.ts';
import type { BinEvent } from './binEvents.ts';
import type {
  DeploymentInstanceStats,
  ReportAlert,
  ReportDeployment,
  ReportWindowInput,
} from './ReportModel.ts';
import { withoutKind } from './withoutKind.ts';

/**
 * One deployment card: the window's instances (all of them when the window names none), their
 * 502/504 counts and longest `restart` burst within the window plus `grace` on both sides (markers
 * are rarely exact), and a verdict. The verdict trusts the engine's alerts for what was paged (a
 * page naming the deployment, or a fleet page during it) and otherwise says whether the deploy was
 * zero-downtime, with the fix when it was not. A burst that starts in the window counts whole, even
 * when it outlasts it: an instance the deploy left failing shows how long it failed.
 */
export function summariseDeployment(
  window: ReportWindowInput,
  events: readonly BinEvent[],
  allInstances: readonly string[],
  alerts: readonly ReportAlert[],
  settings: { grace: number; burstGap: number; maxDeployDuration: number },
): ReportDeployment {
  const endKnown = window.end !== undefined;
  const end = window.end ?? window.start + settings.maxDeployDuration * 1000;
  const from = window.start - settings.grace * 1000;
  const to = end + settings.grace * 1000;
  const instances = window.instances ? [...window.instances] : [...allInstances];
  const inScope = new Set(instances);
  const gapMs = settings.burstGap * 1000;

  const stats = new Map<string, DeploymentInstanceStats>(
    instances.map((i) => [
      i,
      { instance: i, status502: 0, status504: 0, longestBurstMs: 0, longestBurstCount: 0 },
    ]),
  );
  const restartTimes = new Map<string, { time: number; count: number }[]>();
  for (const e of events) {
    if (!inScope.has(e.instance)) continue;
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
      if (count > 0 && t.time - last <= gapMs) {
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

  const perInstance = [...stats.values()];
  const total502 = perInstance.reduce((sum, s) => sum + s.status502, 0);
  const total504 = perInstance.reduce((sum, s) => sum + s.status504, 0);
  const affected = perInstance.filter((s) => s.status502 + s.status504 > 0).length;

  const pages = alerts.filter(
    (a) =>
      a.kind === 'page' &&
      (a.scope.deployment === window.id ||
        // A fleet outage during the deployment: restarts everywhere at once, whatever the deploy tool said.
        (a.scope.fleet === true &&
          a.scope.deployment === undefined &&
          a.cause !== null &&
          CAUSES[a.cause].group === 'restart' &&
          a.decidedAt >= from &&
          a.decidedAt <= to)),
  );
  let verdict: ReportDeployment['verdict'];
  let fix: readonly string[] = [];
  let fixCommands: readonly string[] = [];
  if (pages.length > 0) {
    const first = pages[0];
    verdict = {
      tone: 'page',
      text: `Paged: ${pages.map((p) => withoutKind(p.subject)).join('; ')}`,
    };
    if (first?.cause) {
      fix = CAUSES[first.cause].fix;
      fixCommands = CAUSES[first.cause].commands;
    }
  } else if (total502 + total504 === 0) {
    verdict = { tone: 'ok', text: 'Zero-downtime: no 502/504 on its instances during the deployment.' };
  } else {
    const longest = Math.max(...perInstance.map((s) => s.longestBurstMs));
    verdict = {
      tone: 'notice',
      text:
        `No page, but not zero-downtime: ${total502} × 502 and ${total504} × 504 on ${affected} of ${instances.length} ` +
        `instance${instances.length === 1 ? '' : 's'}; the longest burst lasted ${formatBurst(longest)}. ` +
        'Clients got errors that a deploy behind a load balancer can avoid.',
    };
    fix = DEPLOYMENT_FIX;
    fixCommands = DEPLOYMENT_COMMANDS;
  }

  const deployment: ReportDeployment = {
    id: window.id,
    source: window.source,
    start: window.start,
    end,
    endKnown,
    instances,
    perInstance,
    total502,
    total504,
    verdict,
    fix,
    fixCommands,
  };
  if (window.label !== undefined) deployment.label = window.label;
  return deployment;
}

/** nginx logs whole seconds: a burst from 02:15:31 to 02:15:34 is "3 s" (first to last line). */
function formatBurst(ms: number): string {
  return ms < 1000 ? 'under a second' : `${Math.round(ms / 1000)} s`;
}
