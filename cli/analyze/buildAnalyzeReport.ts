import type { EngineSettings, ReplayOutcome } from '#shared/engine/index.ts';
import type { Analysis, ReportAlert } from '#shared/report/index.ts';
import { buildAnalysis } from '#shared/report/index.ts';
import type { ReplayStore } from './ReplayStore.ts';
import { type SentAlerts, SentAlertsInMemory } from './SentAlerts.ts';

/** The analysis and every alert sent, for callers that hold them whole (tests, small inputs). */
export interface AnalyzeReport {
  analysis: Analysis;
  alerts: ReportAlert[];
}

/** The analysis of a replay that collected its alerts in its outcome, and those alerts. */
export async function buildAnalyzeReport(
  outcome: ReplayOutcome,
  store: ReplayStore,
  config: EngineSettings,
  logGroup: string,
  instanceNames: readonly string[],
): Promise<AnalyzeReport> {
  const sent = SentAlertsInMemory.of(outcome.sent, outcome.suppressed);
  const analysis = await buildAnalyzeReportBody(outcome, sent, store, config, logGroup, instanceNames);
  return { analysis, alerts: [...sent.list()] };
}

/**
 * The analysis of a replay (everything the outputs show but the alerts, which `sent` gives one by
 * one): reads the store the replay left and hands it to the one model builder.
 */
export async function buildAnalyzeReportBody(
  outcome: Pick<ReplayOutcome, 'events' | 'causeCounts' | 'firstSeen' | 'lastSeen' | 'endedAt'>,
  sent: SentAlerts,
  store: ReplayStore,
  config: EngineSettings,
  logGroup: string,
  instanceNames: readonly string[],
): Promise<Analysis> {
  return buildAnalysis({
    logGroup,
    instances: instanceNames,
    incidents: await store.listIncidents({ logGroup }),
    windows: await store.listDeployWindows(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY),
    restartActivity: store.restartActivity(logGroup),
    alerts: sent,
    replay: outcome,
    config,
  });
}
