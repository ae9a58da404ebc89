import type { Alert, AlertFacts, InstanceFacts } from '../../alerts/index.ts';
import { formatDuration, formatTime, renderAlert } from '../../alerts/index.ts';
import { CAUSES } from '../../catalogue/index.ts';
import type { AlertKind, Burst, DeployWindow, Incident } from '../../model/index.ts';
import type { EngineSettings } from '../config/index.ts';
import { coveringWindow, judgeRestart } from '../windows/index.ts';
import { deploymentFacts, instanceRows, peakRate } from './alertFacts.ts';
import type { PendingAlert, SuppressedAlert } from './PendingAlert.ts';

/** What the decisions of one log group look at. */
export interface DecisionContext {
  logGroup: string;
  /** Event time of the evaluation: the batch's newest event, or the sweeper's `now`. */
  now: number;
  config: EngineSettings;
  /** The open incidents known (a batch: those it wrote; the sweeper: the log group's). */
  incidents: readonly Incident[];
  /** Restart bursts per instance (the sweeper's member items; empty for a batch). */
  bursts: ReadonlyMap<string, readonly Burst[]>;
  /** Instances a correlated incident speaks for (paged or held by its cooldown): no page of their own. */
  covered: ReadonlySet<string>;
  windows: readonly DeployWindow[];
  /** Whether to decide restart incidents (the sweeper does; a batch lacks the other instances). */
  restarts: boolean;
}

export interface Decisions {
  alerts: PendingAlert[];
  suppressed: SuppressedAlert[];
}

/**
 * The per-instance alert rules, by cause group: `config` pages on first sight, `capacity` pages past
 * a rate, `app` notifies, `restart` pages when it outlives grace (or its deploy window plus grace),
 * unless a correlated incident covers the instance; `noise` and `lifecycle` never alert. Config,
 * capacity and app alerts belong to the fleet incident of their cause, so ten instances with the
 * same broken socket make one page. Alerts already published for an incident are not decided
 * again; the claim key makes concurrent decisions of the same alert collapse into one. The fleet
 * rules (correlated incidents, flapping) are `evaluateFleet`'s.
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
    pushDecided(decisions, facts, owner, ctx.config);
  };
  const open = ctx.incidents.filter((i) => i.state === 'open');
  const fleetOf = (cause: string) => open.find((i) => i.instance === null && i.cause === cause);

  for (const incident of evaluate) {
    if (incident.instance === null || incident.state !== 'open') continue;
    const instance = incident.instance;
    const title = CAUSES[incident.cause].title;
    const fleet = fleetOf(incident.cause) ?? incident;
    const sameCause = () => {
      const rows = instanceRows(open.filter((i) => i.cause === incident.cause && i.instance !== null));
      // Instances the fleet incident knows of (the sweeper's refresh) that this evaluation has no incident of.
      for (const other of Object.keys(fleet.perInstance).sort()) {
        if (!rows.some((r) => r.instance === other))
          rows.push({ instance: other, count: fleet.perInstance[other] ?? 0, statusCounts: {} });
      }
      return rows;
    };
    const deployment = () =>
      coveringWindow(ctx.windows, ctx.logGroup, instance, incident.firstSeen, ctx.config);
    // The fleet incident is refreshed by the sweeper: its own counts may trail this batch's.
    const shared = (rows: InstanceFacts[]) => ({
      instance,
      instances: rows,
      fleet: rows.length > 1,
      count: Math.max(
        fleet.count,
        rows.reduce((n, r) => n + r.count, 0),
      ),
      lastSeen: Math.max(fleet.lastSeen, incident.lastSeen),
    });
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
        const minutes = Math.ceil(ctx.config.capacityWindowMs / 60_000);
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
        const count = Math.max(fleet.count, incident.count);
        add(
          {
            ...incidentFacts(fleet, 'notify', 'app-errors', ctx, deployment()),
            ...shared(rows),
            headline: `${title} on ${instance}${others(rows)} (${count} events)`,
          },
          fleet,
        );
        break;
      }
      case 'restart': {
        if (!ctx.restarts || ctx.covered.has(instance) || !wanted('page', incident)) break;
        const verdict = judgeRestart(incident, ctx.bursts.get(instance), ctx.windows, ctx.now, ctx.config);
        if (verdict.verdict !== 'page') break;
        const span = formatDuration(verdict.burst.end - verdict.burst.start);
        const since = formatTime(verdict.burst.start);
        const headline = verdict.deployment
          ? `deployment ${verdict.deployment.id} left ${instance} failing: ${title} for ${span} since ${since}`
          : `${instance} failing for ${span} since ${since}: ${title}`;
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

/**
 * Renders decided facts into `decisions`: held back when the owner's slot alerted within the cooldown
 * (then rendered only if read, see `SuppressedAlert`).
 */
export function pushDecided(
  decisions: Decisions,
  facts: AlertFacts,
  owner: Incident,
  config: Pick<EngineSettings, 'cooldownMs'>,
): void {
  const cooling =
    owner.previousAlertAt !== undefined && facts.decidedAt - owner.previousAlertAt < config.cooldownMs;
  if (cooling && facts.kind !== 'resolved') {
    let alert: Alert | undefined;
    decisions.suppressed.push({
      key: facts.key,
      get alert() {
        alert ??= renderAlert(facts);
        return alert;
      },
      reason: 'cooldown',
    });
  } else
    decisions.alerts.push({
      alert: renderAlert(facts),
      effect: { incident: { slot: owner.slot, seq: owner.seq } },
    });
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
