export { AlertTally, type DigestFacts, type PageFacts, toReportAlert } from './AlertTally.ts';
export type * from './Analysis.ts';
export {
  type Analysis,
  type ReportAlert,
  type ReportIncident,
  type ReportInstance,
  TONES,
} from './Analysis.ts';
export {
  type BinEvent,
  type BinnedTimeline,
  type Bucket,
  binEvents,
  chooseBucketMs,
  type TimelineRow,
} from './binEvents.ts';
export { type AnalysisInput, buildAnalysis, toneOf, VERDICT_RANK } from './buildAnalysis.ts';
export { buildReportModel, FOLDED_ROW } from './buildReportModel.ts';
export { deploymentCard } from './deploymentCard.ts';
export { escapeHtml, escapeHtmlLine } from './escapeHtml.ts';
export { foldInstances, type InstanceFold, isQuiet, rankInstances } from './foldInstances.ts';
export { ReportError, ReportTimeZoneError } from './ReportError.ts';
export type * from './ReportModel.ts';
export { REPORT_CSP, renderHtmlReport } from './renderHtmlReport.ts';
export { checkTimeZone, zoneOffsetMs } from './zonedTime.ts';
