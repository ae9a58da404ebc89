export {
  type BinEvent,
  type BinnedTimeline,
  type Bucket,
  binEvents,
  chooseBucketMs,
  type TimelineRow,
} from './binEvents.ts';
export { buildReportModel } from './buildReportModel.ts';
export { escapeHtml, escapeHtmlLine } from './escapeHtml.ts';
export { ReportError, ReportTimeZoneError } from './ReportError.ts';
export type * from './ReportModel.ts';
export { REPORT_CSP, renderHtmlReport } from './renderHtmlReport.ts';
