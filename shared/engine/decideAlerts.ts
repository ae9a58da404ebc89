import type { AlertFacts, InstanceFacts } from '../alerts/Alert.ts';
import { formatDuration } from '../alerts/formatTime.ts';
import { renderAlert } from '../alerts/renderAlert.ts';
import { CAUSES } from '../catalogue/index.ts';
import { deploymentFacts, instanceRows, peakRate } from './alertFacts.ts';
import { coveringWindow } from './deployWindows.ts';
import { detectFleetOutage } from './detectFleetOutage.ts';
import type { EngineConfig } from './EngineConfig.ts';
import { judgeRestart } from './judgeRestart.ts';
import { flattenBursts } from './mergeBursts.ts';
import type { PendingAlert, SuppressedAlert } from './PendingAlert.ts';
import type { AlertKind, Burst, DeployWindow, Incident } from './ports.ts';

/** What the decisions of one log group look at. */
export interface DecisionContext {
  logGroup: string;
  /** Event time of the evaluation: the batch's newest event, or the sweeper's `now`. */
  now: number;
  /** Fleet sets must still be failing at or after this time (the batch's first event). */
  since: number;
  config: EngineConfig;
  /** The open incidents of the log group (instance and fleet), freshly read. */
  incidents: readonly Incident[];
  bursts: ReadonlyMap<string, readonly Burst[]>;
  active: ReadonlySet<string>;
  windows: readonly DeployWindow[];
}

export interface Decisions {
  alerts: PendingAlert[];
  suppressed: SuppressedAlert[];
}

/**
 * The alert rules, in order: the fleet rule first (its page covers the restarts of its
 * instances), then per instance incident by cause group: `config` pages on first sight,
 * `capacity` pages past a rate, `app` notifies, `restart` pages when it outlives grace (or its
 * deploy window plus grace); `noise` and `lifecycle` never alert. Config, capacity and app alerts
 * belong to the fleet incident of their cause, so ten instances with the same broken socket make
 * one page. Alerts already published for an incident are not decided again; the claim key makes
 * concurrent decisions of the same alert collapse into one.
 */
export function decideAlerts(ctx: DecisionContext, evaluate: readonly Incident[]): Decisions {
  const decisions: Decisions = { alerts: [], suppressed: [] };
  const keys = new Set<string>();
  // Whether an alert of this kind about `owner` is still to decide: checked before building its facts
  // (most batches add to incidents that alerted long ago).
  const wanted = (kind: AlertKind, owner: Incident) =>
    owner.alerted[kind] === undefined && !keys.has(`${kind}#${owner.id}`);
  const add = (facts: AlertFacts, owner: Incident) => {
    if (keys.has(facts.key) || owner.alerted[facts.kind] !== undefined) return;
    keys.add(facts.key);
    const alert = renderAlert(facts);
    const cooling =
      owner.previousAlertAt !== undefined &&
      facts.decidedAt - owner.previousAlertAt < ctx.config.cooldown * 1000;
    if (cooling && facts.kind !== 'resolved') decisions.suppressed.push({ alert, reason: 'cooldown' });
    else decisions.alerts.push({ alert, effect: { incident: { slot: owner.slot, seq: owner.seq } } });
  };
  const open = ctx.incidents.filter((i) => i.state === 'open');
  const fleetOf = (cause: string) => open.find((i) => i.instance === null && i.cause === cause);
  const coveredByFleet = new Set<string>();
  for (const f of open) {
    if (f.instance === null && f.group === 'restart' && f.alerted.page !== undefined) {
      for (const instance of Object.keys(f.perInstance)) coveredByFleet.add(instance);
    }
  }

  const flat = flattenBursts(ctx.bursts);
  const outage = detectFleetOutage(flat, ctx.active.size, ctx.since, ctx.config);
  if (outage) {
    const candidates = open.filter(
      (i) => i.instance === null && i.group === 'restart' && outage.causes.includes(i.cause),
    );
    const weight = (f: Incident) =>
      outage.instances.reduce((sum, inst) => sum + (f.perInstance[inst] ?? 0), 0);
    const owner = candidates.sort((a, b) => weight(b) - weight(a))[0];
    if (owner) {
      const rows = instanceRows(
        open.filter(
          (i) => i.group === 'restart' && i.instance !== null && outage.instances.includes(i.instance),
        ),
      );
      add(
        {
          ...incidentFacts(owner, 'page', 'fleet-outage', ctx),
          severity: 'critical',
          headline: `fleet outage: ${outage.instances.length} instances failing at once (of ${Math.max(ctx.active.size, outage.instances.length)} active): ${outage.causes.join(', ')}`,
          fleet: true,
          instances: rows,
        },
        owner,
      );
      for (const instance of outage.instances) coveredByFleet.add(instance);
    }
  }

  for (const incident of evaluate) {
    if (incident.instance === null || incident.state !== 'open') continue;
    const instance = incident.instance;
    const title = CAUSES[incident.cause].title;
    const fleet = fleetOf(incident.cause) ?? incident;
    const sameCause = () =>
      instanceRows(open.filter((i) => i.cause === incident.cause && i.instance !== null));
    const deployment = () =>
      coveringWindow(ctx.windows, ctx.logGroup, instance, incident.firstSeen, ctx.config);
    const shared = (rows: InstanceFacts[]) => ({ instance, instances: rows, fleet: rows.length > 1 });
    const others = (rows: InstanceFacts[]) => (rows.length > 1 ? ` and ${rows.length - 1} more` : '');
    switch (incident.group) {
      case 'config': {
        if (!wanted('page', fleet)) break;
        const rows = sameCause();
        const during = deployment();
        const inDeploy = during ? ` during deployment ${during.id}` : '';
        add(
          {
            ...incidentFacts(fleet, 'page', 'config-first-sight', ctx, during),
            ...shared(rows),
            headline: `${title} on ${instance}${others(rows)}${inDeploy}`,
          },
          fleet,
        );
        break;
      }
      case 'capacity': {
        if (!wanted('page', fleet)) break;
        const minutes = Math.ceil(ctx.config.capacityWindow / 60);
        const rate = peakRate(incident.buckets, minutes);
        if (rate < ctx.config.capacityThreshold) break;
        const rows = sameCause();
        const headline = `${title}: ${rate} in ${minutes} min on ${instance}${others(rows)} (threshold ${ctx.config.capacityThreshold})`;
        add(
          {
            ...incidentFacts(fleet, 'page', 'capacity-rate', ctx, deployment()),
            ...shared(rows),
            headline,
          },
          fleet,
        );
        break;
      }
      case 'app': {
        if (!wanted('notify', fleet)) break;
        const rows = sameCause();
        add(
          {
            ...incidentFacts(fleet, 'notify', 'app-errors', ctx, deployment()),
            ...shared(rows),
            headline: `${title} on ${instance}${others(rows)} (${fleet.count} events)`,
          },
          fleet,
        );
        break;
      }
      case 'restart': {
        if (coveredByFleet.has(instance) || !wanted('page', incident)) break;
        const verdict = judgeRestart(incident, ctx.bursts.get(instance), ctx.windows, ctx.now, ctx.config);
        if (verdict.verdict !== 'page') break;
        // Part of a fleet outage (paged, or held back by the cooldown): the fleet page speaks for it.
        const b = verdict.burst;
        const around = flat.filter((x) => x.end >= b.start && x.start <= b.end);
        if (detectFleetOutage(around, ctx.active.size, b.start, ctx.config)?.instances.includes(instance))
          break;
        const span = formatDuration(verdict.burst.end - verdict.burst.start);
        const headline = verdict.deployment
          ? `deployment ${verdict.deployment.id} left ${instance} failing: ${title} for ${span}`
          : `${instance} failing for ${span}: ${title}`;
        add(
          {
            ...incidentFacts(incident, 'page', 'restart-persisting', ctx, verdict.deployment),
            instance,
            headline,
            instances: instanceRows([incident]),
          },
          incident,
        );
        break;
      }
      default:
        break;
    }
  }
  return decisions;
}

/** Facts every alert about an incident shares. */
export function incidentFacts(
  incident: Incident,
  kind: AlertKind,
  rule: AlertFacts['rule'],
  ctx: Pick<DecisionContext, 'now'>,
  deployment?: DeployWindow,
): AlertFacts {
  const facts: AlertFacts = {
    key: `${kind}#${incident.id}`,
    kind,
    rule,
    severity: incident.severity,
    logGroup: incident.logGroup,
    cause: incident.cause,
    causeInfo: CAUSES[incident.cause],
    headline: CAUSES[incident.cause].title,
    fleet: incident.instance === null,
    instances: [],
    firstSeen: incident.firstSeen,
    lastSeen: incident.lastSeen,
    count: incident.count,
    statusCounts: incident.statusCounts,
    upstreams: incident.upstreams,
    hosts: incident.hosts,
    samples: incident.samples,
    decidedAt: ctx.now,
  };
  if (incident.instance !== null) facts.instance = incident.instance;
  if (deployment) facts.deployment = deploymentFacts(deployment);
  return facts;
}
