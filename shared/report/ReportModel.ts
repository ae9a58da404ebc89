import type { AlertKind, DeploySource } from '../engine/ports.ts';
import type { CauseGroup, CauseId, Severity } from '../types.ts';
import type { BinEvent, BinnedTimeline } from './binEvents.ts';

/**
 * What the HTML report shows. The input types are the parts of the engine's own records the
 * report reads (its `DeployWindow`, `Incident` and rendered `Alert` fit them as they are), so the
 * report does not depend on how the engine computes them.
 */

/** A deploy window: explicit marker, nginx lifecycle, or inferred rolling wave. */
export interface ReportWindowInput {
  id: string;
  source: DeploySource;
  start: number;
  end?: number;
  /** Only these instances; undefined = every instance. */
  instances?: readonly string[];
  label?: string;
}

export interface ReportIncident {
  id: string;
  /** null: the fleet incident of the log group. */
  instance: string | null;
  cause: CauseId;
  severity: Severity;
  state: 'open' | 'closed';
  firstSeen: number;
  lastSeen: number;
  count: number;
  statusCounts: Record<string, number>;
  samples?: readonly string[];
  deployment?: string;
  transient?: boolean;
}

export interface ReportAlert {
  kind: AlertKind;
  severity: Severity;
  cause: CauseId | null;
  scope: { instance?: string; instances?: readonly string[]; deployment?: string; fleet?: true };
  subject: string;
  body: string;
  /** Event time the engine decided it, ms. */
  decidedAt: number;
}

/** Everything `buildReportModel` needs. Every string may be hostile: the renderer escapes all of them. */
export interface ReportInput {
  title?: string;
  /** IANA zone for the axis and every time shown (nginx's zone, `--tz`). */
  timeZone: string;
  /** What was read (file names), shown in the header. */
  sources: readonly string[];
  /** Instances in row order (files given); instances only seen in events follow. */
  instances?: readonly string[];
  events: readonly BinEvent[];
  windows: readonly ReportWindowInput[];
  incidents: readonly ReportIncident[];
  alerts: readonly ReportAlert[];
  /** Alerts decided but held back (cooldown), listed as such. */
  suppressed?: readonly ReportAlert[];
  /** A few masked sample lines per cause (the incidents' samples are added). */
  samples?: Partial<Record<CauseId, readonly string[]>>;
  /** Lines that did not parse (also present as `unparsed` events when the caller has their time). */
  unparsed?: number;
  /** Engine thresholds, in seconds, that the deployment summaries use. */
  settings: { grace: number; burstGap: number; maxDeployDuration: number };
  maxBuckets?: number;
}

export const TONES = ['page', 'notice', 'ok'] as const;
/** page: someone was (would have been) woken; notice: worth reading; ok: nothing wrong. */
export type Tone = (typeof TONES)[number];

export interface ReportCause {
  id: CauseId;
  group: CauseGroup;
  title: string;
  explanation: string;
  checks: readonly string[];
  fix: readonly string[];
  commands: readonly string[];
  color: string;
  count: number;
  statusCounts: Record<string, number>;
  instances: string[];
  firstSeen: number;
  lastSeen: number;
  samples: string[];
}

export interface DeploymentInstanceStats {
  instance: string;
  status502: number;
  status504: number;
  /** Longest run of `restart` causes (gaps up to `burstGap`), ms; 0 without any. */
  longestBurstMs: number;
  longestBurstCount: number;
}

export interface ReportDeployment {
  id: string;
  source: DeploySource;
  label?: string;
  start: number;
  /** The end given, or the capped end (`maxDeployDuration`) when none is known. */
  end: number;
  endKnown: boolean;
  instances: string[];
  perInstance: DeploymentInstanceStats[];
  total502: number;
  total504: number;
  verdict: { tone: Tone; text: string };
  fix: readonly string[];
  fixCommands: readonly string[];
}

export interface NumberedAlert extends ReportAlert {
  /** 1-based, in order of decision: the pin on the timeline carries the same number. */
  number: number;
  suppressed: boolean;
}

export interface ReportModel {
  title: string;
  timeZone: string;
  sources: string[];
  /** The span the timeline shows, ms. */
  range: { start: number; end: number };
  /** First and last event, ms (undefined without events). */
  firstEvent?: number;
  lastEvent?: number;
  timeline: BinnedTimeline;
  causes: ReportCause[];
  deployments: ReportDeployment[];
  incidents: ReportIncident[];
  alerts: NumberedAlert[];
  totals: { events: number; unparsed: number; status502: number; status504: number; instances: number };
  verdict: { tone: Tone; headline: string; details: string[] };
}
