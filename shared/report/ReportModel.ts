import type { Alert } from '../alerts/index.ts';
import type { EngineTimings } from '../engine/index.ts';
import type { CauseGroup, CauseId } from '../model/index.ts';
import type { Analysis, ReportDeployment, ReportIncident, ReportInstance, Tone } from './Analysis.ts';
import type { BinEvent, BinnedTimeline } from './binEvents.ts';

/**
 * What the HTML report shows: the analysis (every verdict comes from it) and what only a picture
 * needs: the events binned per row, a card per cause, each deployment's own counts per instance,
 * the alerts numbered where they were decided.
 */

/** An alert as the report pins it: the engine's rendered `Alert` fits as it is. */
export type TimedAlert = Pick<
  Alert,
  'kind' | 'severity' | 'cause' | 'scope' | 'subject' | 'body' | 'decidedAt'
>;

/** Everything `buildReportModel` needs. Every string may be hostile: the renderer escapes all of them. */
export interface ReportInput {
  analysis: Analysis;
  title?: string;
  /** IANA zone for the axis and every time shown (nginx's zone, `--tz`). */
  timeZone: string;
  /** What was read (file names), shown in the header. */
  sources: readonly string[];
  events: readonly BinEvent[];
  alerts: readonly TimedAlert[];
  /** Alerts decided but held back (cooldown), listed as such. */
  suppressed?: readonly TimedAlert[];
  /** A few masked sample lines per cause (the incidents' samples are added). */
  samples?: Partial<Record<CauseId, readonly string[]>>;
  /** Engine timings the deployments' own counts use. */
  settings: Pick<EngineTimings, 'graceMs' | 'burstGapMs'>;
  maxBuckets?: number;
}

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

/** A deployment of the analysis with its own counts per instance, as its card shows them. */
export interface DeploymentCard extends ReportDeployment {
  /** The instances it covered: those it names, or every instance. */
  covered: string[];
  /** Instances with a 502/504 or a restart burst in it, then the rest counted in `clean`. */
  perInstance: DeploymentInstanceStats[];
  /** Covered instances without any 502/504 during it. */
  clean: number;
  fix: readonly string[];
  fixCommands: readonly string[];
}

export interface NumberedAlert extends TimedAlert {
  /** 1-based, in order of decision: the pin on the timeline carries the same number. */
  number: number;
  suppressed: boolean;
}

/** The row that stands for the instances with no upstream errors. */
export interface FoldedRow {
  /** The row's key in `timeline.rows` (not an instance name). */
  key: string;
  instances: ReportInstance[];
}

export interface ReportModel {
  analysis: Analysis;
  title: string;
  timeZone: string;
  sources: string[];
  /** The span the timeline shows, ms. */
  range: { start: number; end: number };
  /** First and last event, ms (undefined without events). */
  firstEvent?: number;
  lastEvent?: number;
  /** Rows: failing and paged instances first, then one row for every instance without upstream errors. */
  timeline: BinnedTimeline;
  /** The instance rows with upstream errors, worst first (the timeline's order). */
  instances: ReportInstance[];
  folded?: FoldedRow;
  causes: ReportCause[];
  deployments: DeploymentCard[];
  incidents: ReportIncident[];
  alerts: NumberedAlert[];
  totals: { events: number; unparsed: number; status502: number; status504: number; instances: number };
  verdict: { tone: Tone; headline: string; details: string[] };
}
