import { formatDuration } from '../alerts/formatTime.ts';
import { renderAlert } from '../alerts/renderAlert.ts';
import { CAUSES } from '../catalogue/index.ts';
import { instanceRows } from './alertFacts.ts';
import { buildDigest, type DigestSource } from './buildDigest.ts';
import { decideAlerts, incidentFacts } from './decideAlerts.ts';
import { digestDueAt, digestLookbackMs, windowEnd } from './deployWindows.ts';
import type { EngineConfig } from './EngineConfig.ts';
import { judgeRestart } from './judgeRestart.ts';
import { loadContext } from './loadContext.ts';
import type { PendingAlert, SuppressedAlert } from './PendingAlert.ts';
import type { Incident, StateStore } from './ports.ts';
import { updateIncident } from './storeIncident.ts';
import { upsertInferredWindows } from './upsertWindows.ts';

export interface SweepResult {
  alerts: PendingAlert[];
  suppressed: SuppressedAlert[];
  /** Incidents closed without a `resolved` message (never paged). */
  closed: Incident[];
}

/**
 * The periodic pass, at `now` (the sweeper's clock in Lambda, event time in the CLI):
 * - re-decides open incidents (a held restart whose grace ran out while errors continued pages,
 *   a fleet outage is found once every instance's batch is in);
 * - closes incidents quiet for `quiet` seconds: a paged one gets a `resolved` alert and is closed
 *   when that is published; others close now, restart ones marked transient (with their deployment);
 * - sends the digest of each deployment whose end plus grace has passed.
 */
export async function sweep(now: number, store: StateStore, config: EngineConfig): Promise<SweepResult> {
  const result: SweepResult = { alerts: [], suppressed: [], closed: [] };
  const quietMs = config.quiet * 1000;
  const open = await store.listIncidents({ openOnly: true });
  const byGroup = new Map<string, Incident[]>();
  for (const i of open) byGroup.set(i.logGroup, [...(byGroup.get(i.logGroup) ?? []), i]);

  for (const [logGroup, incidents] of byGroup) {
    const hasRestarts = incidents.some((i) => i.group === 'restart');
    const context = await loadContext(store, logGroup, now - quietMs, now, config, hasRestarts);
    if (hasRestarts)
      await upsertInferredWindows(store, logGroup, context.bursts, context.windows, now, config);
    const decisions = decideAlerts(
      { ...context, logGroup, now, since: now - quietMs, config, incidents },
      incidents,
    );
    result.alerts.push(...decisions.alerts);
    result.suppressed.push(...decisions.suppressed);

    const recent = await store.listIncidents({ logGroup, from: now - config.activeWindow * 1000 });
    // Paged by this very sweep (an earlier one that would have paged it failed): it stays open until
    // the page is recorded, so the next sweep sends its resolved message instead of closing it unheard.
    const pagedNow = new Set(
      decisions.alerts.filter((p) => p.alert.kind === 'page').map((p) => p.effect.incident?.slot),
    );
    for (const incident of incidents) {
      if (incident.lastSeen + quietMs > now || pagedNow.has(incident.slot)) continue;
      const closedAt = incident.lastSeen + quietMs;
      // Paged and not yet resolved: the resolved message closes it once published.
      if (incident.alerted.page !== undefined && incident.alerted.resolved === undefined) {
        const rows =
          incident.instance === null
            ? instanceRows(
                recent.filter(
                  (i) =>
                    i.cause === incident.cause && i.instance !== null && i.lastSeen >= incident.firstSeen,
                ),
              )
            : instanceRows([incident]);
        const only = rows.length === 1 ? rows[0]!.instance : undefined;
        const scope = incident.instance ?? only ?? `the fleet (${rows.length} instances)`;
        const facts = {
          ...incidentFacts(incident, 'resolved', 'resolved', { now }),
          ...(only === undefined ? {} : { instance: only, fleet: false }),
          severity: 'info' as const,
          instances: rows,
          headline: `resolved: ${CAUSES[incident.cause].title} on ${scope}, quiet since ${formatDuration(now - incident.lastSeen)} after ${formatDuration(incident.lastSeen - incident.firstSeen)} of errors`,
        };
        result.alerts.push({
          alert: renderAlert(facts),
          effect: {
            incident: {
              slot: incident.slot,
              seq: incident.seq,
              close: closedAt,
              lastSeen: incident.lastSeen,
            },
          },
        });
        continue;
      }
      const verdict =
        incident.group === 'restart' && incident.instance !== null
          ? judgeRestart(incident, context.bursts.get(incident.instance), context.windows, now, config)
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

async function addDigests(
  now: number,
  store: StateStore,
  config: EngineConfig,
  result: SweepResult,
): Promise<void> {
  const windows = await store.listDeployWindows(now - digestLookbackMs(config), now);
  for (const window of windows) {
    if (window.source === 'lifecycle' || window.digestSent || digestDueAt(window, config) > now) continue;
    const graceMs = config.grace * 1000;
    const from = window.start - graceMs;
    const to = windowEnd(window, config) + graceMs;
    const groups = window.logGroup !== undefined ? [window.logGroup] : (window.seenIn ?? []);
    const sources: DigestSource[] = [];
    for (const logGroup of groups) {
      sources.push({
        logGroup,
        activity: await store.listActivity(logGroup, from, to),
        incidents: await store.listIncidents({ logGroup, from, to }),
      });
    }
    result.alerts.push({
      alert: renderAlert(buildDigest(window, sources, now, config)),
      effect: { window: { id: window.id, start: window.start } },
    });
  }
}
