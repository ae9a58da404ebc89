import { writeFile } from 'node:fs/promises';
import type { Alert } from '#shared/alerts/Alert.ts';
import type { EngineConfig } from '#shared/engine/EngineConfig.ts';
import type { StateStore } from '#shared/engine/ports.ts';
import { buildReportModel } from '#shared/report/buildReportModel.ts';
import { ReportTimeZoneError } from '#shared/report/ReportError.ts';
import { renderHtmlReport } from '#shared/report/renderHtmlReport.ts';
import { InputError, UsageError } from '../io.ts';
import type { ReportCollector } from './ReportCollector.ts';

/** What `analyze` knows after its replay, for the HTML report. */
export interface HtmlReportSources {
  collector: ReportCollector;
  store: Pick<StateStore, 'listIncidents' | 'listDeployWindows'>;
  logGroup: string;
  config: EngineConfig;
  sent: readonly Alert[];
  suppressed: readonly Alert[];
  timeZone: string;
  /** The files read, as given. */
  sources: readonly string[];
  /** The instances, in the order of the files. */
  instances: readonly string[];
  title?: string;
}

/** The HTML report of an `analyze` run, from the engine's store and alerts and the collected events. */
export async function renderAnalyzeHtml(parts: HtmlReportSources): Promise<string> {
  const incidents = await parts.store.listIncidents({ logGroup: parts.logGroup });
  const windows = await parts.store.listDeployWindows(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  try {
    const model = buildReportModel({
      timeZone: parts.timeZone,
      sources: parts.sources,
      instances: parts.instances,
      events: parts.collector.events(),
      windows,
      incidents,
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
  const html = await renderAnalyzeHtml(parts);
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
