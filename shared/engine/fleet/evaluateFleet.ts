import type { AlertFacts, InstanceFacts } from '../../alerts/index.ts';
import { formatDuration, formatTime, renderAlert } from '../../alerts/index.ts';
import { CAUSES } from '../../catalogue/index.ts';
import type { Burst, DeployWindow, Incident } from '../../model/index.ts';
import { addCounts, emptyCounts, SEVERITIES } from '../../model/index.ts';
import { type Decisions, incidentFacts, instanceRows, pushDecided } from '../alerting/index.ts';
import type { EngineSettings } from '../config/index.ts';
import { expiresAtFor } from '../config/index.ts';
import type { StateStore } from '../store/index.ts';
import { addDistinct, addSample, incidentSlot, updateIncident } from '../store/index.ts';
import { coveringWindow, flattenBursts, type InstanceBurst, windowEnd } from '../windows/index.ts';
import { detectFleetOutage } from './detectFleetOutage.ts';
import { correlatedThreshold } from './mergeMember.ts';

/** Members a fleet incident names (the rest are counted in `perInstanceCut`). */
export const MAX_FLEET_MEMBERS = 1000;
/** An update about a correlated incident's new members goes out at most this often. */
const UPDATE_INTERVAL_MS = 300_000;

/** What the fleet evaluation of one log group looks at. */
export interface FleetContext {
  logGroup: string;
  now: number;
  config: EngineSettings;
  /** The log group's open incidents (instance and fleet). */
  incidents: readonly Incident[];
  /** Restart bursts per member instance. */
  bursts: ReadonlyMap<string, readonly Burst[]>;
  windows: readonly DeployWindow[];
  /** The fleet size (members, at least the configured size). */
  fleetSize: number;
}

export interface FleetEvaluation extends Decisions {
  /** Instances a correlated incident speaks for: no restart page of their own. */
  covered: Set<string>;
  /** Fleet incidents written by this evaluation (to replace the listed ones). */
  written: Incident[];
}

/**
 * The fleet rules of one log group, once per sweeper run, from the members' pre-aggregated bursts:
 * - correlated incident: instances whose restart bursts overlap, outside a deploy window that covers
 *   them (a burst that outlives its window plus grace counts), form ONE incident, paged once they
 *   number `correlatedThreshold(fleetSize)`; instances failing later while it is open join it and are
 *   named in an update (at most every 5 minutes) and in its resolved notice, never paged alone;
 * - flapping: `flapCount` transient bursts of one instance within `flapWindow`, outside every deploy
 *   window, page once for that instance.
 * The bound: a correlated failure pages at the first sweeper run that sees its members' bursts (the
 * sweeper runs every minute: at most a minute after the batches are in).
 */
export async function evaluateFleet(store: StateStore, ctx: FleetContext): Promise<FleetEvaluation> {
  const out: FleetEvaluation = { alerts: [], suppressed: [], covered: new Set(), written: [] };
  const { config, now, logGroup } = ctx;
  const graceMs = config.graceMs;
  const quietMs = config.quietMs;
  const explicit = ctx.windows.filter((w) => w.source !== 'inferred');
  // A deploy explains a burst it covers unless the burst outlived the window plus grace.
  const explained = (b: InstanceBurst) => {
    const w = coveringWindow(explicit, logGroup, b.instance, b.start, config);
    return w !== undefined && b.end <= windowEnd(w, config) + graceMs;
  };
  const flat = flattenBursts(ctx.bursts).filter((b) => !explained(b));
  const open = ctx.incidents.filter((i) => i.state === 'open');
  const needed = correlatedThreshold(ctx.fleetSize, config);

  let correlated = open.find((i) => i.instance === null && i.group === 'restart');
  // Sets that ended before the last quiet period were judged by earlier runs: only recent bursts.
  const recent = flat.filter((b) => b.end >= now - quietMs - config.fleetWindowMs);
  const outage = detectFleetOutage(recent, ctx.fleetSize, now - quietMs, config);
  if (correlated || outage) {
    const from =
      Math.min(correlated?.firstSeen ?? Infinity, outage?.start ?? Infinity) - config.overlapToleranceMs;
    const members = new Map<string, InstanceBurst[]>();
    for (const name of Object.keys(correlated?.perInstance ?? {})) members.set(name, []);
    for (const b of flat) {
      // A member, or an instance failing while the incident is open (overlapping it, still recent).
      const joins =
        members.has(b.instance) || outage?.instances.includes(b.instance) || b.end >= now - quietMs;
      if (b.end < from || !joins) continue;
      members.set(b.instance, [...(members.get(b.instance) ?? []), b]);
    }
    const dominant = outage?.causes[0] ?? correlated?.cause ?? 'upstream_refused';
    const stored = await writeCorrelated(
      store,
      ctx,
      correlated,
      dominant,
      members,
      needed,
      outage !== undefined,
    );
    if (stored) {
      correlated = stored.incident;
      out.written.push(stored.incident);
      decideCorrelated(out, stored, ctx, needed, open);
    }
  }
  flapping(out, ctx, open);
  return out;
}

/** Creates or refreshes the correlated incident with its members; undefined when nothing is stored. */
async function writeCorrelated(
  store: StateStore,
  ctx: FleetContext,
  listed: Incident | undefined,
  cause: Incident['cause'],
  members: Map<string, readonly InstanceBurst[]>,
  needed: number,
  /** Only an outage found now starts a new incident (a listed one may have closed meanwhile). */
  mayCreate: boolean,
): Promise<Written | undefined> {
  const { now, config, logGroup } = ctx;
  const slot = listed?.slot ?? incidentSlot(logGroup, null, cause);
  const instanceIncidents = ctx.incidents.filter(
    (i) => i.instance !== null && i.group === 'restart' && members.has(i.instance),
  );
  const fill = (incident: Incident) => {
    const names = [...members.keys()].sort();
    const perInstance = emptyCounts();
    for (const name of names.slice(0, MAX_FLEET_MEMBERS)) {
      const bursts = members.get(name) ?? [];
      const known = incident.perInstance[name] ?? 0;
      perInstance[name] = Math.max(
        known,
        bursts.reduce((n, b) => n + b.count, 0),
      );
      for (const b of bursts) {
        incident.firstSeen = Math.min(incident.firstSeen, b.start);
        incident.lastSeen = Math.max(incident.lastSeen, b.end);
      }
    }
    incident.perInstance = perInstance;
    if (names.length > MAX_FLEET_MEMBERS) incident.perInstanceCut = names.length - MAX_FLEET_MEMBERS;
    incident.count = Object.values(perInstance).reduce((a, b) => a + b, 0);
    incident.fleetSize = Math.max(ctx.fleetSize, names.length);
    const statusCounts = emptyCounts();
    for (const i of instanceIncidents) {
      addCounts(statusCounts, i.statusCounts);
      for (const u of i.upstreams) addDistinct(incident.upstreams, u);
      for (const h of i.hosts) addDistinct(incident.hosts, h);
      for (const s of i.samples) addSample(incident.samples, s);
      if (SEVERITIES.indexOf(i.severity) < SEVERITIES.indexOf(incident.severity))
        incident.severity = i.severity;
    }
    incident.statusCounts = statusCounts;
    incident.expiresAt = Math.max(incident.expiresAt, expiresAtFor(incident.lastSeen, config));
    // The page's member count is decided with the write (the page is retried until it is recorded
    // as sent). An update's is recorded only once it was published (its alert's effect), so an
    // update whose publish failed is decided again by the next run, under the same key.
    if (incident.alerted.page === undefined && names.length >= needed)
      incident.announced = { members: names.length, at: now };
    return incident;
  };
  const result = (incident: Incident): Written => {
    const before = incident.announced;
    const members = Object.keys(incident.perInstance).length + (incident.perInstanceCut ?? 0);
    const announce =
      incident.alerted.page === undefined
        ? before?.at === now
        : members > (before?.members ?? 0) && now - (before?.at ?? 0) >= UPDATE_INTERVAL_MS;
    return { incident, announce, previous: before };
  };
  for (let attempt = 0; attempt < 8; attempt++) {
    if (attempt > 0) await store.backoff?.(attempt);
    const current = await store.getIncident(slot);
    if (current && current.state === 'open') {
      const stored = await updateIncident(store, slot, current.seq, (incident) => {
        const next = fill(incident);
        return JSON.stringify(next) === JSON.stringify(current) ? undefined : next;
      });
      if (stored) return result(stored);
      continue;
    }
    if (!mayCreate) return undefined;
    // A new incident's members are the instances failing now, not those of a closed one.
    for (const [name, bursts] of members) if (bursts.length === 0) members.delete(name);
    if (members.size === 0) return undefined;
    const seq = (current?.seq ?? 0) + 1;
    const lastAlert = current
      ? Math.max(current.previousAlertAt ?? 0, current.alerted.page ?? 0, current.alerted.notify ?? 0)
      : 0;
    const fresh = fill({
      id: `${slot}#${seq}`,
      slot,
      seq,
      version: 1,
      logGroup,
      instance: null,
      cause,
      group: 'restart',
      severity: 'high',
      state: 'open',
      firstSeen: Infinity,
      lastSeen: -Infinity,
      count: 0,
      statusCounts: {},
      perInstance: {},
      upstreams: [],
      hosts: [],
      samples: [],
      buckets: [],
      appliedDeltas: [],
      alerted: {},
      expiresAt: 0,
      ...(lastAlert > 0 ? { previousAlertAt: lastAlert } : {}),
    });
    if (!Number.isFinite(fresh.firstSeen)) fresh.firstSeen = fresh.lastSeen = now;
    if (await store.putIncident(fresh, 0)) return result(fresh);
  }
  return undefined;
}

/** A correlated incident as stored, and whether this run announces it (page or update). */
interface Written {
  incident: Incident;
  announce: boolean;
  /** What the previous page or update named. */
  previous: Incident['announced'];
}

/** The page (once it has enough members) and the updates naming later joiners. */
function decideCorrelated(
  out: FleetEvaluation,
  written: Written,
  ctx: FleetContext,
  needed: number,
  open: readonly Incident[],
): void {
  const incident = written.incident;
  const names = Object.keys(incident.perInstance).sort();
  const total = names.length + (incident.perInstanceCut ?? 0);
  if (total < needed) return;
  // Paged, about to be, or held back by the cooldown: the correlated incident speaks for them.
  for (const name of names) out.covered.add(name);
  const paged = incident.alerted.page !== undefined;
  if (paged && !written.announce) return;
  if (!paged && incident.announced === undefined) return;
  const size = incident.fleetSize ?? Math.max(ctx.fleetSize, total);
  const rows = rowsOf(incident, open);
  const causes = new Set(
    open
      .filter((i) => i.group === 'restart' && i.instance !== null && i.instance in incident.perInstance)
      .map((i) => i.cause),
  );
  const what = [...(causes.size > 0 ? causes : [incident.cause])].map((c) => CAUSES[c].title).join(', ');
  const scope =
    total >= size
      ? `fleet outage: all ${total} of ${size} instances`
      : `correlated failure: ${total} of ${size} instances`;
  const since = formatTime(incident.firstSeen);
  if (!paged) {
    const facts: AlertFacts = {
      ...incidentFacts(incident, 'page', 'fleet-outage', ctx),
      severity: 'critical',
      headline: `${scope} failing at once since ${since}: ${what}`,
      fleet: true,
      instances: rows,
      fleetSize: size,
    };
    pushDecided(out, facts, incident, ctx.config);
    return;
  }
  // Joined since the last announcement: instances whose errors began after it was decided.
  const after = written.previous?.at ?? incident.alerted.page ?? 0;
  const joined = rows.filter((r) => (r.firstSeen ?? 0) > after).map((r) => r.instance);
  const named =
    joined.length > 0
      ? `: joined ${joined.slice(0, 10).join(', ')}${joined.length > 10 ? ` and ${joined.length - 10} more` : ''}`
      : '';
  const facts: AlertFacts = {
    ...incidentFacts(incident, 'notify', 'fleet-outage', ctx),
    key: `update#${incident.id}#${total}`,
    severity: 'high',
    headline: `update: ${scope} failing since ${since} (was ${written.previous?.members ?? '?'})${named}: ${what}`,
    fleet: true,
    instances: rows,
    fleetSize: size,
  };
  // An update is part of the incident already paged: never held back by the cooldown. Publishing it
  // records what it announced, so the next update names those who joined after it.
  out.alerts.push({
    alert: renderAlert(facts),
    effect: {
      incident: { slot: incident.slot, seq: incident.seq, announced: { members: total, at: ctx.now } },
    },
  });
}

/** Member rows: from their instance incidents, and from bursts for members without one. */
function rowsOf(incident: Incident, open: readonly Incident[]): InstanceFacts[] {
  const rows = instanceRows(
    open.filter(
      (i) => i.group === 'restart' && i.instance !== null && incident.perInstance[i.instance] !== undefined,
    ),
  );
  for (const name of Object.keys(incident.perInstance).sort())
    if (!rows.some((r) => r.instance === name))
      rows.push({ instance: name, count: incident.perInstance[name] ?? 0, statusCounts: {} });
  return rows;
}

/** Flapping: repeated transient bursts on one instance, outside every deploy window. */
function flapping(out: FleetEvaluation, ctx: FleetContext, open: readonly Incident[]): void {
  const { config, now, logGroup } = ctx;
  const graceMs = config.graceMs;
  const from = now - config.flapWindowMs;
  const finishedBy = now - config.burstGapMs;
  for (const [instance, list] of ctx.bursts) {
    if (out.covered.has(instance)) continue;
    const owner = open
      .filter((i) => i.instance === instance && i.group === 'restart')
      .sort((a, b) => b.lastSeen - a.lastSeen)[0];
    if (!owner || owner.alerted.page !== undefined) continue;
    const flaps = list.filter(
      (b) =>
        b.start >= from &&
        b.end <= finishedBy &&
        b.end - b.start < graceMs &&
        coveringWindow(ctx.windows, logGroup, instance, b.start, config) === undefined,
    );
    if (flaps.length < config.flapCount) continue;
    const first = flaps[0]!;
    const last = flaps.at(-1)!;
    const restarts = flaps.length;
    const times = flaps
      .slice(-5)
      .map((b) => formatTime(b.start).slice(11, 19))
      .join(', ');
    const facts: AlertFacts = {
      ...incidentFacts(owner, 'page', 'flapping', ctx),
      instance,
      headline: `${instance} flapping: ${restarts} restarts in ${formatDuration(last.end - first.start)} with no deployment (at ${times}): ${CAUSES[owner.cause].title}; check the process manager's restart log, OOM kills (dmesg) and health-check restarts`,
      instances: instanceRows([owner]),
      firstSeen: first.start,
      lastSeen: last.end,
    };
    pushDecided(out, facts, owner, config);
  }
}
