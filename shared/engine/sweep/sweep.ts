import { formatDuration, renderAlert } from '../../alerts/index.ts';
import { CAUSES } from '../../catalogue/index.ts';
import type { Incident } from '../../model/index.ts';
import type { PendingAlert, SuppressedAlert } from '../alerting/index.ts';
import {
  buildDigest,
  type DigestSource,
  decideAlerts,
  incidentFacts,
  instanceRows,
} from '../alerting/index.ts';
import type { EngineSettings } from '../config/index.ts';
import { burstsOf, evaluateFleet, fleetSizeOf, refreshCauseFleets } from '../fleet/index.ts';
import type { StateStore } from '../store/index.ts';
import { mergeFreshIncidents, updateIncident } from '../store/index.ts';
import {
  digestDueAt,
  digestLookbackMs,
  judgeRestart,
  upsertInferredWindows,
  windowEnd,
} from '../windows/index.ts';
import type { LogStreamLister } from './LogStreamLister.ts';

export interface SweepResult {
  alerts: PendingAlert[];
  suppressed: SuppressedAlert[];
  /** Incidents closed without a `resolved` message (never paged). */
  closed: Incident[];
}

/** Where the sweeper learns of fleet members beyond the member items (optional). */
export interface SweepSources {
  /** Instances listed as logging recently (CloudWatch Logs streams by last event time). */
  streams?: LogStreamLister;
}

/**
 * The periodic pass, at `now` (the sweeper's clock in Lambda, event time in the CLI), once per log
 * group with open incidents, from pre-aggregated state (member items: last event, restart bursts):
 * - the fleet size: members heard of within `membershipHorizon` (any event, noise included),
 *   instances the stream listing names, at least the configured `fleetSizes`;
 * - rolling waves become inferred deploy windows;
 * - fleet incidents of config / capacity / app causes are refreshed from their instance incidents;
 * - the fleet rules (`evaluateFleet`: correlated incidents, flapping), then each open restart
 *   incident (a held restart whose grace ran out while errors continued pages, unless a correlated
 *   incident speaks for its instance);
 * - closes incidents quiet for `quiet` seconds: a paged one gets a `resolved` alert naming its
 *   members and is closed when that is published; others close now, restart ones marked transient;
 * - sends the digest of each deployment whose end plus grace has passed.
 * Store work per log group: one member listing, one window read, writes only for what changed.
 */
export async function sweep(
  now: number,
  store: StateStore,
  config: EngineSettings,
  sources: SweepSources = {},
): Promise<SweepResult> {
  const result: SweepResult = { alerts: [], suppressed: [], closed: [] };
  const quietMs = config.quietMs;
  const graceMs = config.graceMs;
  const open = await store.listIncidents({ openOnly: true });
  const byGroup = new Map<string, Incident[]>();
  for (const i of open) byGroup.set(i.logGroup, [...(byGroup.get(i.logGroup) ?? []), i]);

  for (const [logGroup, listed] of byGroup) {
    const since = now - config.membershipHorizonMs;
    const members = await store.listMembers(logGroup, since);
    const names = new Set(members.map((m) => m.instance));
    if (sources.streams)
      for (const name of await sources.streams.recentInstances(logGroup, since)) names.add(name);
    const fleetSize = fleetSizeOf(logGroup, names, config);
    const bursts = burstsOf(members);
    // nginx lifecycle windows of the instances with restarts open that saw a lifecycle event lately:
    // what their judgement needs (a storm without reloads reads none).
    const from = now - quietMs - config.maxDeployDurationMs - graceMs;
    const reloaded = new Set(
      members.filter((m) => (m.lastLifecycle ?? -Infinity) >= from - graceMs).map((m) => m.instance),
    );
    const restarting = listed
      .filter((i) => i.group === 'restart' && i.instance !== null && reloaded.has(i.instance))
      .map((i) => i.instance!);
    const windows = await store.listDeployWindows(from, now + graceMs, {
      logGroup,
      instances: [...new Set(restarting)],
    });
    if (bursts.size > 0) await upsertInferredWindows(store, logGroup, bursts, windows, now, config);
    let incidents = await refreshCauseFleets(store, listed);
    const fleet = await evaluateFleet(store, {
      logGroup,
      now,
      config,
      incidents,
      bursts,
      windows,
      fleetSize,
    });
    incidents = mergeFreshIncidents(incidents, fleet.written);
    result.alerts.push(...fleet.alerts);
    result.suppressed.push(...fleet.suppressed);
    const decisions = decideAlerts(
      { logGroup, now, config, incidents, bursts, covered: fleet.covered, windows, restarts: true },
      incidents,
    );
    result.alerts.push(...decisions.alerts);
    result.suppressed.push(...decisions.suppressed);

    let recent: Incident[] | undefined;
    // Paged by this very sweep (an earlier one that would have paged it failed): it stays open until
    // the page is recorded, so the next sweep sends its resolved message instead of closing it unheard.
    const pagedNow = new Set(
      [...fleet.alerts, ...decisions.alerts]
        .filter((p) => p.alert.kind === 'page')
        .map((p) => p.effect.incident?.slot),
    );
    for (const incident of incidents) {
      if (incident.state !== 'open' || incident.lastSeen + quietMs > now || pagedNow.has(incident.slot))
        continue;
      const closedAt = incident.lastSeen + quietMs;
      // Paged and not yet resolved: the resolved message closes it once published.
      if (incident.alerted.page !== undefined && incident.alerted.resolved === undefined) {
        recent ??= await store.listIncidents({ logGroup, from: now - config.activeWindowMs });
        result.alerts.push(resolvedAlert(incident, recent, now, closedAt));
        continue;
      }
      const verdict =
        incident.group === 'restart' && incident.instance !== null
          ? judgeRestart(incident, bursts.get(incident.instance), windows, now, config)
          : undefined;
      const stored = await updateIncident(store, incident.slot, incident.seq, (current) => {
        if (current.state !== 'open' || current.lastSeen + quietMs > now) return undefined;
        current.state = 'closed';
        current.closedAt = current.lastSeen + quietMs;
        if (verdict?.verdict === 'transient') {
          current.transient = true;
          if (verdict.deployment) current.deployment = verdict.deployment.id;
        }
        return current;
      });
      if (stored?.state === 'closed') result.closed.push(stored);
    }
  }

  await addDigests(now, store, config, result);
  return result;
}

/** The resolved notice of a paged incident: a fleet incident names its members, N of M. */
function resolvedAlert(
  incident: Incident,
  recent: readonly Incident[],
  now: number,
  closedAt: number,
): PendingAlert {
  const members = incident.instance === null ? new Set(Object.keys(incident.perInstance)) : undefined;
  const rows =
    incident.instance !== null
      ? instanceRows([incident])
      : instanceRows(
          recent.filter(
            (i) =>
              i.instance !== null &&
              i.lastSeen >= incident.firstSeen &&
              (members && members.size > 0 && incident.group === 'restart'
                ? members.has(i.instance) && i.group === 'restart'
                : i.cause === incident.cause),
          ),
        );
  const only = rows.length === 1 ? rows[0]!.instance : undefined;
  const total = Math.max(rows.length, members?.size ?? 0) + (incident.perInstanceCut ?? 0);
  const fleetScope =
    incident.fleetSize !== undefined && incident.fleetSize >= total
      ? `${total} of ${incident.fleetSize} instances`
      : `the fleet (${total} instances)`;
  const scope = incident.instance ?? only ?? fleetScope;
  const facts = {
    ...incidentFacts(incident, 'resolved', 'resolved', { now }),
    ...(only === undefined ? {} : { instance: only, fleet: false }),
    severity: 'info' as const,
    instances: rows,
    ...(incident.fleetSize === undefined || only !== undefined ? {} : { fleetSize: incident.fleetSize }),
    headline: `resolved: ${CAUSES[incident.cause].title} on ${scope}, quiet since ${formatDuration(now - incident.lastSeen)} after ${formatDuration(incident.lastSeen - incident.firstSeen)} of errors`,
  };
  return {
    alert: renderAlert(facts),
    effect: {
      incident: { slot: incident.slot, seq: incident.seq, close: closedAt, lastSeen: incident.lastSeen },
    },
  };
}

async function addDigests(
  now: number,
  store: StateStore,
  config: EngineSettings,
  result: SweepResult,
): Promise<void> {
  const windows = await store.listDeployWindows(now - digestLookbackMs(config), now);
  // Pages this run decided are not marked on their incidents yet: they are failing all the same.
  const paging = new Set<string>();
  for (const { alert, effect } of result.alerts)
    if (alert.kind === 'page' && effect.incident)
      paging.add(`${effect.incident.slot}#${effect.incident.seq}`);
  for (const window of windows) {
    if (window.source === 'lifecycle' || window.digestSent || digestDueAt(window, config) > now) continue;
    const graceMs = config.graceMs;
    const from = window.start - graceMs;
    const to = windowEnd(window, config) + graceMs;
    const groups = window.logGroups ?? window.seenIn ?? [];
    const sources: DigestSource[] = [];
    for (const logGroup of groups) {
      const members = await store.listMembers(logGroup, now - config.membershipHorizonMs);
      sources.push({
        logGroup,
        activity: await store.listActivity(logGroup, from, to),
        incidents: await store.listIncidents({ logGroup, from, to }),
        fleetSize: fleetSizeOf(logGroup, members, config),
        paging,
      });
    }
    result.alerts.push({
      alert: renderAlert(buildDigest(window, sources, now, config)),
      effect: { window: { id: window.id, start: window.start } },
    });
  }
}
