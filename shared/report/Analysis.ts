import type { AlertScope } from '../alerts/index.ts';
import type { AlertKind, CauseGroup, CauseId, DeploySource, Severity } from '../model/index.ts';

/**
 * The analysis of an `analyze` run: ONE model, built once by `buildAnalysis` from the engine's
 * results (its incidents, deploy windows, restart activity and the alerts it sent), and read by the
 * three outputs, which only format it:
 * - the JSON output is a projection of it with the documented fields (times as ISO strings);
 * - the text output shows the summary, the instance, deployment and incident tables, folded for a
 *   fleet (`foldInstances`);
 * - the HTML report adds what only a picture needs (timeline bins, cause cards) in `ReportModel`,
 *   which holds this analysis and takes every verdict from it.
 *
 * Verdicts are decided here and nowhere else: `IncidentVerdict` per incident, the worst of them per
 * instance, `DeploymentVerdict` per deploy window. Times are epoch ms. Alert kinds are data (a kind
 * the engine adds is counted without a change here); instance rows carry the fleet incidents they
 * belong to, so fleet membership and correlated incidents slot in as more of the same.
 */
export interface Analysis {
  logGroup: string;
  summary: AnalysisSummary;
  incidents: ReportIncident[];
  deployments: ReportDeployment[];
  /** One row per instance given (the files: the fleet's members), in their order. */
  instances: ReportInstance[];
  /** Alerts held back by the cooldown. */
  held: HeldAlert[];
}

/** What became of an incident, in a word. */
export type IncidentVerdict =
  | 'not a fleet outage'
  | 'paged'
  | 'paged, resolved'
  | 'in fleet page'
  | 'notified'
  | 'transient'
  | 'held'
  | 'below threshold'
  | 'counted'
  | 'suppressed';

/** An instance's verdict: the worst of its incidents', `quiet` without any. */
export type InstanceVerdict = IncidentVerdict | 'quiet';

/** page: someone was (would have been) woken; notice: worth reading; ok: nothing wrong. */
export const TONES = ['page', 'notice', 'ok'] as const;
export type Tone = (typeof TONES)[number];

export interface ReportIncident {
  id: string;
  logGroup: string;
  /** null: a fleet incident of the log group. */
  instance: string | null;
  cause: CauseId;
  group: CauseGroup;
  severity: Severity;
  state: 'open' | 'closed';
  verdict: IncidentVerdict;
  /** The deploy window it was attributed to (by the engine, or the restart rule), or null. */
  deployment: string | null;
  transient: boolean;
  firstSeen: number;
  lastSeen: number;
  count: number;
  statusCounts: Record<string, number>;
  /** Events per instance: one key for an instance incident, the members of a fleet incident. */
  perInstance: Record<string, number>;
  upstreams: string[];
  hosts: string[];
  samples: string[];
}

export interface ReportInstance {
  instance: string;
  /** Events of its incidents, every group. */
  events: number;
  /** Events of its incidents that are upstream errors (not noise, not nginx lifecycle). */
  upstreamErrors: number;
  statusCounts: Record<string, number>;
  bursts: number;
  longestBurstMs: number | null;
  verdict: InstanceVerdict;
  tone: Tone;
  /** Ids of the fleet incidents that name it (a fleet page, a correlated incident). */
  fleetIncidents: string[];
}

export interface DeploymentVerdict {
  tone: Tone;
  /** The verdict in a few words, as the text and JSON outputs print it. */
  word: string;
  /** One sentence for a reader. */
  text: string;
}

export interface ReportDeployment {
  id: string;
  source: DeploySource;
  label?: string;
  start: number;
  /** The end given; null while it runs. */
  end: number | null;
  /** `end`, or the cap the engine applies (`maxDeployDuration`) when none is known. */
  cappedEnd: number;
  /** Only these instances; null = every instance. */
  instances: string[] | null;
  verdict: DeploymentVerdict;
  /** From the deployment's digest; null without one. */
  total502: number | null;
  total504: number | null;
  /** Still failing when the digest was written. */
  failing: string[];
  /** The subjects (without kind) of the pages about it. */
  pages: string[];
  /** The cause of its first page, for the fix. */
  pageCause: CauseId | null;
}

export interface HeldAlert {
  key: string;
  kind: AlertKind;
  subject: string;
  reason: 'cooldown';
}

export interface AnalysisSummary {
  instances: number;
  events: number;
  unparsed: number;
  causeCounts: Record<string, number>;
  /** Epoch ms; undefined without events. */
  firstSeen: number | undefined;
  lastSeen: number | undefined;
  evaluatedUntil: number | undefined;
  /** Alerts sent, per kind (every kind the engine has, 0 when none). */
  alerts: Record<string, number>;
  /** One line per finding: the pages, the notifications, each deployment's verdict. */
  findings: string[];
  verdict: string;
}

/** An alert as the outputs print it (text, JSON); `decidedAt` is the engine's event time. */
export interface ReportAlert {
  key: string;
  kind: AlertKind;
  rule: string;
  severity: Severity;
  cause: CauseId | null;
  scope: AlertScope;
  subject: string;
  body: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
  attributes: Record<string, string>;
}
