import { stat } from 'node:fs/promises';
import type { Alert } from '#shared/alerts/index.ts';
import type { EngineEvent } from '#shared/engine/index.ts';
import {
  type AlertCollector,
  DEFAULT_ENGINE_CONFIG,
  type EngineConfig,
  EngineConfigError,
  type EngineSettings,
  engineSettings,
  replayEvents,
} from '#shared/engine/index.ts';
import { AlertSpill } from '../analyze/AlertSpill.ts';
import { buildAnalyzeReportBody } from '../analyze/buildAnalyzeReport.ts';
import { parseDeployOption, readMarkersFile } from '../analyze/deployMarkers.ts';
import { mergeChunksByTime } from '../analyze/mergeChunksByTime.ts';
import { ReplayStore } from '../analyze/ReplayStore.ts';
import {
  type InstanceFile,
  inReadingOrder,
  readInstanceEventChunks,
  toInstanceFile,
} from '../analyze/readInstanceEvents.ts';
import { writeAnalyzeText } from '../analyze/renderAnalyzeText.ts';
import { type SentAlerts, SentAlertsInMemory, toReportAlert } from '../analyze/SentAlerts.ts';
import { writeAnalyzeJson } from '../analyze/writeAnalyzeJson.ts';
import { createZonedClock } from '../analyze/zonedClock.ts';
import {
  COLOR_OPTION,
  HELP_OPTION,
  type OptionSpecs,
  parseCommandArgs,
  readChoice,
  renderOptions,
} from '../args.ts';
import { BufferedWriter } from '../BufferedWriter.ts';
import { type EntryFilter, FILTER_OPTIONS, keeps, readFilter } from '../input/filters.ts';
import { followInstanceEvents, mergeArrivals } from '../input/followInstanceEvents.ts';
import { checkInput, type InputStats, inputName } from '../input/inputStats.ts';
import { type CliIo, UsageError } from '../io.ts';
import { countChunkProgress, createProgress } from '../progress.ts';
import { createStyle, type Style, wantsColor } from '../render/style.ts';
import { ReportCollector } from '../report/ReportCollector.ts';
import { renderAnalyzeHtml, writeHtmlReport } from '../report/writeHtmlReport.ts';

/** Threshold flags: `--kebab-name` for each numeric `EngineConfig` key. */
const THRESHOLDS = Object.keys(DEFAULT_ENGINE_CONFIG).filter(
  (k) => typeof DEFAULT_ENGINE_CONFIG[k as keyof EngineConfig] === 'number',
) as (keyof EngineConfig)[];
/**
 * Flags renamed from the config key: `quiet` (how long without errors closes an incident) is
 * `--quiet-period`, so `--quiet` means less output; `--quiet SECONDS` still works (see `aliasOldQuiet`).
 */
const RENAMED: Partial<Record<string, string>> = { quiet: 'quiet-period' };
const flagOf = (key: string) => RENAMED[key] ?? key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** One line of help per threshold (the engine's own words, shortened). */
const THRESHOLD_HELP: Partial<Record<string, string>> = {
  grace: 'seconds a restart on one instance is held before paging (also added after a deploy window)',
  quiet: 'seconds without errors that close an incident',
  fleetWindow: 'seconds within which instances failing together are one fleet outage',
  fleetFraction: 'fraction of the active instances that must fail together for a fleet outage',
  fleetMinInstances: '... and at least this many instances',
  activeWindow: 'seconds: an instance that logged anything within this span counts as active',
  burstGap: 'seconds between restart events that start a new burst',
  waveGap: 'seconds between short bursts on different instances that still make a rolling wave',
  overlapTolerance: 'seconds bursts may overlap and still count as one after another',
  capacityThreshold: 'capacity causes page when an instance logs this many ...',
  capacityWindow: '... within this many seconds',
  cooldown: 'seconds without a second alert of the same kind for the same scope and cause',
  maxDeployDuration: 'seconds after which a deployment without a known end is assumed over',
  retention: 'seconds store items live after their last event',
  claimLease: 'seconds after which an alert claim of a dead publisher may be taken again',
};

const THRESHOLD_OPTIONS: OptionSpecs = Object.fromEntries(
  THRESHOLDS.map((k) => [
    flagOf(k),
    {
      type: 'string',
      value: 'N',
      help: THRESHOLD_HELP[k] ?? `engine threshold ${k}`,
      default: String(DEFAULT_ENGINE_CONFIG[k]),
    },
  ]),
);

const OPTIONS = {
  tz: { type: 'string', value: 'ZONE', help: "IANA zone of nginx's timestamps", default: 'UTC' },
  deploy: {
    type: 'string',
    value: 'ID:START..END[:i-1,i-2]',
    multiple: true,
    help: 'a deployment window; START/END ISO 8601 or epoch seconds',
  },
  markers: {
    type: 'string',
    value: 'FILE',
    help: '{"deployments": [{"id", "start", "end", "instances"?, "logGroup"?}]}: a marker naming another log group does not apply',
  },
  'fleet-size': {
    type: 'string',
    value: 'N',
    help: 'how many instances the fleet has in all, when the files are only some of them (default: the files given)',
  },
  'log-group': { type: 'string', value: 'NAME', help: 'the log group the files stand for', default: 'nginx' },
  format: {
    type: 'string',
    value: 'text|json|ndjson',
    help: 'text: the report; json: the report as one object; ndjson: one alert per line, as it is sent',
    default: 'text',
  },
  html: {
    type: 'string',
    value: 'FILE',
    help: "also write a self-contained HTML report (timeline, deployments, alerts) to FILE; '-': the HTML on stdout instead of the text",
  },
  all: {
    type: 'boolean',
    help: 'text: list every instance, incident and deployment (default: what fits a screen, the rest counted)',
  },
  follow: {
    type: 'boolean',
    short: 'f',
    help: 'read the files, then keep reading them as they grow (tail -F): alerts print as they are sent; Ctrl-C prints the report so far',
  },
  ...FILTER_OPTIONS,
  'batch-seconds': {
    type: 'string',
    value: 'N',
    help: 'events of one file within N seconds form one batch',
    default: '10',
  },
  color: COLOR_OPTION,
  quiet: { type: 'boolean', short: 'q', help: 'less output: no progress line, no warnings' },
  help: HELP_OPTION,
} as const satisfies OptionSpecs;

const HELP = `usage: upstream-triage analyze FILE... [options]

Replays nginx error logs through the incident engine and prints the incidents, deployments and the
alerts that would be sent. One instance per file name (without .log, a rotation number .N and .gz:
error.log.2.gz error.log.1 error.log are one instance, read in time order), or NAME=PATH (the same
NAME on several files makes them one instance).
${renderOptions(OPTIONS)}
Thresholds:
${renderOptions(THRESHOLD_OPTIONS)}
Exit codes: 0 ok, 1 input error (a file with no nginx error-log line at all), 2 usage error.
`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs(aliasOldQuiet(argv, io), { ...OPTIONS, ...THRESHOLD_OPTIONS });
  const values = args.values as typeof args.values & Record<string, string | undefined>;
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const format = readChoice('format', values.format, ['text', 'json', 'ndjson'], 'text');
  const style = createStyle(
    wantsColor(
      readChoice('color', values.color, ['auto', 'always', 'never'], 'auto'),
      io.stdout.isTTY,
      io.env,
    ),
  );
  if (args.positionals.length === 0) throw new UsageError('give at least one log file (one per instance)');
  const timeZone = values.tz ?? 'UTC';
  const toEpoch = createZonedClock(timeZone);
  const logGroup = values['log-group'] ?? 'nginx';
  const fleetSize = values['fleet-size'];
  const config = readConfig(
    values,
    fleetSize === undefined
      ? {}
      : { fleetSizes: { [logGroup]: Math.ceil(readNumber('fleet-size', fleetSize, 1)) } },
  );
  const batchSeconds = readNumber('batch-seconds', values['batch-seconds'], 10);
  const filter = readFilter(values, (io.now ?? Date.now)(), toEpoch);
  const follow = values.follow === true;
  const quiet = values.quiet === true;
  if (follow && format === 'json')
    throw new UsageError('--follow prints as it reads: use --format text or ndjson');
  if (follow && values.html !== undefined) throw new UsageError('--html is not written with --follow');

  const files = inReadingOrder(args.positionals.map(toInstanceFile));
  if (files.some((f) => f.path === '-')) {
    if (follow) throw new UsageError('--follow needs files, not stdin');
    if (files.filter((f) => f.path === '-').length > 1) throw new UsageError("stdin ('-') can be read once");
  }
  const names = [...new Set(files.map((f) => f.instance))];
  const store = new ReplayStore();
  // Every file given is an instance of the fleet, whether or not it logs during the replay.
  store.seedMembers(logGroup, names);
  for (const value of values.deploy ?? [])
    await store.putDeployWindow(parseDeployOption(value, toEpoch, logGroup));
  if (values.markers) {
    for (const w of await readMarkersFile(values.markers, toEpoch, logGroup)) await store.putDeployWindow(w);
  }
  const stats = files.map((): InputStats => ({ entries: 0, unparsed: 0 }));
  const warn = (line: string) => {
    if (!quiet) io.stderr.write(`upstream-triage analyze: ${line}\n`);
  };
  const out = new BufferedWriter(io.stdout);
  const write = async (text: string) => {
    out.write(text);
    await out.drain();
  };

  const signal = follow ? (io.interrupted?.() ?? new AbortController().signal) : undefined;
  const starts = signal ? await Promise.all(files.map((f) => startOf(f.path))) : undefined;
  // Events travel in arrays (a read chunk's worth): one async step per array, not per event.
  const backlog = mergeChunksByTime(
    files.map((f, i) =>
      readInstanceEventChunks(f, logGroup, toEpoch, {
        stats: stats[i]!,
        stdin: io.stdin,
        ...(starts && { endByte: starts[i]!.size }),
      })[Symbol.asyncIterator](),
    ),
  );
  const merged =
    signal && starts
      ? concat(
          backlog,
          () =>
            singles(
              mergeArrivals(
                files.map((f, i) =>
                  followInstanceEvents(f, logGroup, toEpoch, {
                    signal,
                    pollMs: io.followPollMs ?? 250,
                    from: { offset: starts[i]!.size, ino: starts[i]!.ino },
                    stats: stats[i]!,
                    now: io.now ?? Date.now,
                  }),
                ),
              ),
            ),
          () => checkFiles(files, stats, warn),
        )
      : backlog;
  // HTML report and progress (issue 7): a pass-through tap on the merged events, nothing else changes.
  const collector = values.html === undefined ? undefined : new ReportCollector();
  const progress =
    quiet || follow
      ? undefined
      : createProgress(
          io.stderr,
          'analyze',
          files.map((f) => f.path),
        );
  const counted = progress
    ? countChunkProgress(merged, progress, (e) => e.classified.raw.length + 1)
    : merged;
  const kept = filter ? onlyKept(counted, filter) : counted;
  const events = collector ? collector.tapChunks(kept) : kept;
  // The HTML report needs the alerts whole; otherwise they go to a temporary file as they are sent
  // (a long log sends thousands) and are read back one at a time while the report is written.
  const spill = collector ? undefined : new AlertSpill();
  try {
    const live: AlertCollector | undefined =
      spill && (follow || format === 'ndjson')
        ? {
            sent: (alert: Alert) => {
              spill.sent(alert);
              out.write(
                format === 'ndjson' ? `${JSON.stringify(toReportAlert(alert))}\n` : liveAlert(alert, style),
              );
              if (follow) void out.flush();
            },
            suppressed: (alert: Alert) => spill.suppressed(alert),
          }
        : spill;
    const outcome = await replayEvents(events, store, config, {
      batchMs: batchSeconds * 1000,
      sweepMs: 60_000,
      ...(live ? { collect: live } : {}),
    });
    if (!follow) checkFiles(files, stats, warn);
    const htmlToStdout = values.html === '-';
    // One analysis, built once, for every output: text, JSON and HTML are views of it.
    const sent: SentAlerts = spill ?? SentAlertsInMemory.of(outcome.sent, outcome.suppressed);
    const body = await buildAnalyzeReportBody(outcome, sent, store, config, logGroup, names);
    if (collector && values.html !== undefined) {
      const sources = {
        collector,
        analysis: body,
        config,
        sent: outcome.sent,
        suppressed: outcome.suppressed,
        timeZone,
        sources: files.map((f) => f.path),
      };
      // `--html -`: the HTML on stdout, instead of the text report (not a file named '-').
      if (htmlToStdout) out.write(renderAnalyzeHtml(sources));
      else await writeHtmlReport(values.html, sources);
    }
    if (format !== 'ndjson' && !htmlToStdout) {
      if (format === 'json') await writeAnalyzeJson(write, body, sent);
      else await writeAnalyzeText(colourHeadings(write, style), body, sent, { all: values.all === true });
    }
    await out.flush();
  } finally {
    spill?.dispose();
  }
  return 0;
}

/** Size and inode of a file before its first read, where `--follow` picks up. */
async function startOf(path: string): Promise<{ size: number; ino: number }> {
  const st = await stat(path).catch(() => undefined);
  return st ? { size: st.size, ino: st.ino } : { size: 0, ino: -1 };
}

/** The checks of each input once read: an input with no nginx line fails, a mostly unparsed one warns. */
function checkFiles(
  files: readonly InstanceFile[],
  stats: readonly InputStats[],
  warn: (line: string) => void,
) {
  files.forEach((f, i) => {
    const warning = checkInput(inputName(f.path), stats[i]!);
    if (warning) warn(warning);
  });
}

async function* onlyKept(
  chunks: AsyncIterable<readonly EngineEvent[]>,
  filter: EntryFilter,
): AsyncGenerator<readonly EngineEvent[]> {
  for await (const chunk of chunks) {
    const kept = chunk.filter((e) => keeps(filter, e.classified, e.timestamp, e.instance));
    if (kept.length > 0) yield kept;
  }
}

/** Each event of a live stream as an array of its own (`--follow`: they come one at a time). */
async function* singles<T>(items: AsyncIterable<T>): AsyncGenerator<T[]> {
  for await (const item of items) yield [item];
}

async function* concat<T>(
  first: AsyncIterable<T>,
  then: () => AsyncIterable<T>,
  between: () => void,
): AsyncGenerator<T> {
  yield* first;
  between();
  yield* then();
}

/** An alert as `--follow` prints it when it is sent. */
function liveAlert(a: Alert, style: Style): string {
  const head = `=== ${a.kind.toUpperCase()} [${a.severity}] ${a.subject}`;
  const colour = a.kind === 'page' ? style.red : a.kind === 'notify' ? style.yellow : style.bold;
  return `${colour(head)}\n\n${a.body}\n\n`;
}

/** `--color`: the report's section headings and alert banners in colour; the text is otherwise as written. */
function colourHeadings(
  write: (text: string) => Promise<void>,
  style: Style,
): (text: string) => Promise<void> {
  const plain = style.bold('x') === 'x';
  if (plain) return write;
  return (text) =>
    write(
      text.replace(
        /^(VERDICT|Instances|Deployments|Incidents)$|^(=== alert .*)$/gm,
        (line, heading: string) =>
          heading ? style.bold(line) : line.includes(': PAGE') ? style.red(line) : style.yellow(line),
      ),
    );
}

/**
 * `--quiet SECONDS` (and `--quiet=SECONDS`), the old spelling of `--quiet-period`, still works:
 * a number after `--quiet` is the threshold, with a note; `--quiet` alone is less output.
 */
function aliasOldQuiet(argv: readonly string[], io: CliIo): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const inline = /^--quiet=(.*)$/.exec(arg);
    if (arg === '--quiet' && next !== undefined && /^\d+(?:\.\d+)?$/.test(next)) {
      out.push('--quiet-period', next);
      i++;
    } else if (inline) out.push(`--quiet-period=${inline[1]}`);
    else {
      out.push(arg);
      continue;
    }
    io.stderr.write('upstream-triage analyze: --quiet SECONDS is now --quiet-period SECONDS\n');
  }
  return out;
}

/** The engine's settings from the threshold flags (seconds, as the user writes them), resolved once. */
function readConfig(values: Record<string, unknown>, extra: Partial<EngineConfig>): EngineSettings {
  const partial: Record<string, unknown> = { ...extra };
  for (const key of THRESHOLDS) {
    const raw = values[flagOf(key)];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value)) {
      throw new UsageError(`--${flagOf(key)} must be a number, not '${String(raw)}'`);
    }
    partial[key] = value;
  }
  try {
    return engineSettings(partial);
  } catch (error: unknown) {
    if (error instanceof EngineConfigError) {
      throw new UsageError(`--${flagOf(error.key)}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function readNumber(flag: string, raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`--${flag} must be a positive number, not '${String(raw)}'`);
  }
  return value;
}
