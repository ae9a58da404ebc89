import { writeFile } from 'node:fs/promises';
import type { Alert } from '#shared/alerts/index.ts';
import type { EngineSettings } from '#shared/engine/index.ts';
import type { Analysis } from '#shared/report/index.ts';
import { buildReportModel, ReportTimeZoneError, renderHtmlReport } from '#shared/report/index.ts';
import { InputError, UsageError } from '../io.ts';
import type { ReportCollector } from './ReportCollector.ts';

/** What `analyze` knows after its replay, for the HTML report. */
export interface HtmlReportSources {
  collector: ReportCollector;
  /** The analysis the text and JSON outputs show: the report takes every verdict from it. */
  analysis: Analysis;
  config: Pick<EngineSettings, 'graceMs' | 'burstGapMs'>;
  sent: readonly Alert[];
  suppressed: readonly Alert[];
  timeZone: string;
  /** The files read, as given. */
  sources: readonly string[];
  title?: string;
}

/** The HTML report of an `analyze` run: its analysis, its alerts and the collected events. */
export function renderAnalyzeHtml(parts: HtmlReportSources): string {
  try {
    const model = buildReportModel({
      analysis: parts.analysis,
      timeZone: parts.timeZone,
      sources: parts.sources,
      events: parts.collector.events(),
      alerts: parts.sent,
      suppressed: parts.suppressed,
      samples: parts.collector.samplesByCause(),
      settings: parts.config,
      ...(parts.title === undefined ? {} : { title: parts.title }),
    });
    return renderHtmlReport(model);
  } catch (error: unknown) {
    if (error instanceof ReportTimeZoneError)
      throw new UsageError(`--tz: ${error.message}`, { cause: error });
    throw error;
  }
}

/** Renders and writes the report; a path that cannot be written is an `InputError` naming it. */
export async function writeHtmlReport(path: string, parts: HtmlReportSources): Promise<number> {
  const html = renderAnalyzeHtml(parts);
  try {
    await writeFile(path, html, 'utf8');
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    const what =
      code === 'ENOENT'
        ? 'no such directory'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory'
            : (error as Error).message;
    throw new InputError(`--html: cannot write ${path}: ${what}`, { cause: error });
  }
  return Buffer.byteLength(html, 'utf8');
}
