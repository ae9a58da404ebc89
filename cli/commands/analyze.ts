import {
  DEFAULT_ENGINE_CONFIG,
  type EngineConfig,
  validateEngineConfig,
} from '#shared/engine/EngineConfig.ts';
import { EngineConfigError } from '#shared/engine/EngineError.ts';
import { replayEvents } from '#shared/engine/replayEvents.ts';
import { AlertSpill } from '../analyze/AlertSpill.ts';
import { buildAnalyzeReportBody } from '../analyze/buildAnalyzeReport.ts';
import { parseDeployOption, readMarkersFile } from '../analyze/deployMarkers.ts';
import { mergeByTime } from '../analyze/mergeByTime.ts';
import { ReplayStore } from '../analyze/ReplayStore.ts';
import { readInstanceEvents, toInstanceFile } from '../analyze/readInstanceEvents.ts';
import { writeAnalyzeText } from '../analyze/renderAnalyzeText.ts';
import { SentAlertsInMemory } from '../analyze/SentAlerts.ts';
import { writeAnalyzeJson } from '../analyze/writeAnalyzeJson.ts';
import { createZonedClock } from '../analyze/zonedClock.ts';
import { parseCommandArgs, readChoice } from '../args.ts';
import { BufferedWriter } from '../BufferedWriter.ts';
import { type CliIo, UsageError } from '../io.ts';
import { countProgress, createProgress } from '../progress.ts';
import { ReportCollector } from '../report/ReportCollector.ts';
import { writeHtmlReport } from '../report/writeHtmlReport.ts';

/** Threshold flags: `--kebab-name` for each numeric `EngineConfig` key. */
const THRESHOLDS = Object.keys(DEFAULT_ENGINE_CONFIG).filter(
  (k) => k !== 'instancePattern' && k !== 'fleetSizes',
) as (keyof EngineConfig)[];
const flagOf = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const HELP = `usage: upstream-triage analyze FILE... [options]

Replays nginx error logs, one file per instance (the instance is the file name without .log, or
NAME=PATH), through the incident engine, and prints the incidents, deployments and the alerts that
would be sent.
  --tz ZONE              IANA zone of nginx's timestamps (default UTC)
  --deploy ID:START..END[:i-1,i-2]   a deployment window (repeatable); START/END ISO 8601 or epoch s
  --markers FILE         {"deployments": [{"id", "start", "end", "instances"?}]}
  --log-group NAME       the log group the files stand for (default nginx)
  --format text|json     (default text)
  --html FILE            also write a self-contained HTML report (timeline, deployments, alerts)
  --batch-seconds N      events of one file within N s form one batch (default 10)
  --fleet-size N         how many instances the fleet has in all (default: the files given)
Thresholds (seconds unless said otherwise):
${THRESHOLDS.map((k) => `  --${flagOf(k).padEnd(21)} default ${DEFAULT_ENGINE_CONFIG[k]}`).join('\n')}
Exit codes: 0 ok, 1 input error, 2 usage error.
`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseCliArgs(argv);
  if (args.values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const format = readChoice('format', args.values.format, ['text', 'json'], 'text');
  if (args.positionals.length === 0) throw new UsageError('give at least one log file (one per instance)');
  const toEpoch = createZonedClock(args.values.tz ?? 'UTC');
  const logGroup = args.values['log-group'] ?? 'nginx';
  const fleetSize = args.values['fleet-size'];
  const config = {
    ...readConfig(args.values as Record<string, unknown>),
    ...(fleetSize === undefined
      ? {}
      : { fleetSizes: { [logGroup]: Math.ceil(readNumber('fleet-size', fleetSize, 1)) } }),
  };
  const batchSeconds = readNumber('batch-seconds', args.values['batch-seconds'], 10);

  const files = args.positionals.map(toInstanceFile);
  const names = new Set<string>();
  for (const f of files) {
    if (names.has(f.instance)) throw new UsageError(`two files name instance '${f.instance}': use NAME=PATH`);
    names.add(f.instance);
  }
  const store = new ReplayStore();
  // Every file given is an instance of the fleet, whether or not it logs during the replay.
  store.seedMembers(logGroup, [...names]);
  for (const value of args.values.deploy ?? [])
    await store.putDeployWindow(parseDeployOption(value, toEpoch, logGroup));
  if (args.values.markers) {
    for (const w of await readMarkersFile(args.values.markers, toEpoch, logGroup))
      await store.putDeployWindow(w);
  }
  const streams = files.map((f) => readInstanceEvents(f, logGroup, toEpoch)[Symbol.asyncIterator]());
  // HTML report and progress (issue 7): a pass-through tap on the merged events, nothing else changes.
  const collector = args.values.html === undefined ? undefined : new ReportCollector();
  const progress = createProgress(
    io.stderr,
    'analyze',
    files.map((f) => f.path),
  );
  const counted = countProgress(mergeByTime(streams), progress, (e) => e.classified.entry.raw.length + 1);
  const events = collector ? collector.tap(counted) : counted;
  // The HTML report needs the alerts whole; otherwise they go to a temporary file as they are sent
  // (a long log sends thousands) and are read back one at a time while the report is written.
  const spill = collector ? undefined : new AlertSpill();
  try {
    const outcome = await replayEvents(events, store, config, {
      batchSeconds,
      sweepSeconds: 60,
      ...(spill ? { collect: spill } : {}),
    });
    if (collector && args.values.html !== undefined) {
      await writeHtmlReport(args.values.html, {
        collector,
        store,
        logGroup,
        config,
        sent: outcome.sent,
        suppressed: outcome.suppressed,
        timeZone: args.values.tz ?? 'UTC',
        sources: files.map((f) => f.path),
        instances: [...names],
      });
    }
    const sent = spill ?? SentAlertsInMemory.of(outcome.sent, outcome.suppressed);
    const body = await buildAnalyzeReportBody(outcome, sent, store, config, logGroup, [...names]);
    const out = new BufferedWriter(io.stdout);
    const write = async (text: string) => {
      out.write(text);
      await out.drain();
    };
    await (format === 'json' ? writeAnalyzeJson(write, body, sent) : writeAnalyzeText(write, body, sent));
    await out.flush();
  } finally {
    spill?.dispose();
  }
  return 0;
}

function readConfig(values: Record<string, unknown>): EngineConfig {
  const partial: Record<string, number> = {};
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
    return validateEngineConfig(partial);
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

function parseCliArgs(argv: string[]) {
  const thresholdOptions = Object.fromEntries(
    THRESHOLDS.map((k) => [flagOf(k), { type: 'string' as const }]),
  );
  return parseCommandArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tz: { type: 'string' },
      deploy: { type: 'string', multiple: true },
      markers: { type: 'string' },
      'log-group': { type: 'string' },
      format: { type: 'string' },
      html: { type: 'string' },
      'batch-seconds': { type: 'string' },
      'fleet-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...thresholdOptions,
    },
  });
}
