import { existsSync } from 'node:fs';
import { CauseTally, classifyLine, classifyText, toRecord } from '#shared/classify/index.ts';
import { parseErrorLine } from '#shared/parse/index.ts';
import { inReadingOrder, toInstanceFile } from '../analyze/readInstanceEvents.ts';
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
import { FILTER_OPTIONS, keeps, readFilter } from '../input/filters.ts';
import { followEntries } from '../input/followEntries.ts';
import { checkInput, type InputStats, inputName } from '../input/inputStats.ts';
import { type CliIo, InputError, UsageError } from '../io.ts';
import { createProgress } from '../progress.ts';
import { readEntries } from '../readEntries.ts';
import { renderCauseReport, renderFollowLine } from '../render/renderCauseReport.ts';
import { createStyle, wantsColor } from '../render/style.ts';

const OPTIONS = {
  format: {
    type: 'string',
    value: 'text|json|ndjson',
    help: 'text: a table of causes, then the fix for each; json: that table as one object; ndjson: one record per entry (line, cause, status, level, severity, group, time, fields)',
    default: 'text',
  },
  follow: {
    type: 'boolean',
    short: 'f',
    help: 'keep reading the files as they grow, like tail -F (rotation and truncation included): one line (text) or record (ndjson) per entry as it is written; Ctrl-C prints the table so far',
  },
  ...FILTER_OPTIONS,
  tz: {
    type: 'string',
    value: 'ZONE',
    help: "IANA zone of nginx's times, for --since/--until",
    default: 'UTC',
  },
  color: COLOR_OPTION,
  quiet: { type: 'boolean', short: 'q', help: 'less output: the table without the fixes, no warnings' },
  help: HELP_OPTION,
} as const satisfies OptionSpecs;

const HELP = `usage: upstream-triage classify [FILE...|-] [options]

Classifies every entry of nginx error logs (stdin when no FILE or '-'; gzip recognised on any input).
${renderOptions(OPTIONS)}
Exit codes: 0 ok, 1 input error (an input with no nginx error-log line at all), 2 usage error.
`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs(argv, OPTIONS);
  if (args.values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const format = readChoice('format', args.values.format, ['text', 'json', 'ndjson'], 'text');
  const quiet = args.values.quiet === true;
  const style = createStyle(wantsColor(readColor(args.values.color), io.stdout.isTTY, io.env));
  const filter = readFilter(args.values, (io.now ?? Date.now)(), createZonedClock(args.values.tz ?? 'UTC'));
  const toEpoch =
    filter?.since !== undefined || filter?.until !== undefined
      ? createZonedClock(args.values.tz ?? 'UTC')
      : undefined;
  const files = inReadingOrder((args.positionals.length > 0 ? args.positionals : ['-']).map(toInstanceFile));
  const follow = args.values.follow === true;
  if (follow && files.some((f) => f.path === '-')) throw new UsageError('--follow needs files, not stdin');
  if (follow && format === 'json')
    throw new UsageError('--follow prints as it reads: use --format text or ndjson');

  const tally = new CauseTally();
  const out = new BufferedWriter(io.stdout);
  const progress =
    follow || quiet
      ? undefined
      : createProgress(
          io.stderr,
          'classify',
          files.map((f) => f.path),
        );
  const failures: string[] = [];
  const warn = (line: string) => {
    if (!quiet) io.stderr.write(`upstream-triage classify: ${line}\n`);
  };

  /** The entry handler of one file: counts, filters, tallies, writes its record. */
  /**
   * The entry handler of one file: classifies, tallies, writes its record. Without filters the
   * input counts come from the tally (`countsFrom`), so the per-entry path does no more than before.
   */
  const forFile = (path: string, instance: string, stats: InputStats) => {
    const label = files.length > 1 ? path : undefined;
    const linesBefore = progress?.lines ?? 0;
    if (filter === undefined && format !== 'ndjson' && !follow) {
      // Only counted: the tally classifies the text with no object per entry.
      return (text: string, line: number) => {
        tally.addText(text);
        if (progress) progress.lines = linesBefore + line;
      };
    }
    if (filter === undefined) {
      return (text: string, line: number) => {
        // Text output only counts: the entry is classified from its text, never parsed in full.
        // ndjson prints every field, so it parses every entry and writes the record's fixed shape.
        const classified = format === 'ndjson' ? classifyLine(parseErrorLine(text)) : classifyText(text);
        tally.add(classified);
        if (progress) progress.lines = linesBefore + line;
        if (format === 'ndjson') out.write(`${JSON.stringify(toRecord(classified, line, label))}\n`);
        else if (follow) out.write(renderFollowLine(classified, label, style));
      };
    }
    let lastTime: number | undefined;
    return (text: string, line: number) => {
      // Text output only counts: the entry is classified from its text, never parsed in full.
      // ndjson prints every field, so it parses every entry and writes the record's fixed shape.
      const classified = format === 'ndjson' ? classifyLine(parseErrorLine(text)) : classifyText(text);
      stats.entries++;
      if (classified.cause === 'unparsed') stats.unparsed++;
      if (progress) progress.lines = linesBefore + line;
      if (toEpoch !== undefined && classified.time !== null) lastTime = toEpoch(classified.time) ?? lastTime;
      if (!keeps(filter, classified, lastTime, instance)) return;
      tally.add(classified);
      if (format === 'ndjson') out.write(`${JSON.stringify(toRecord(classified, line, label))}\n`);
      else if (follow) out.write(renderFollowLine(classified, label, style));
    };
  };
  /** Without filters every entry reaches the tally: a file's counts are the tally's growth. */
  const unparsedInTally = () => tally.rows().find((r) => r.cause === 'unparsed')?.count ?? 0;
  const countsFrom = (before: InputStats, stats: InputStats) => {
    if (filter !== undefined) return;
    stats.entries = tally.total - before.entries;
    stats.unparsed = unparsedInTally() - before.unparsed;
  };
  const check = (path: string, stats: InputStats) => {
    try {
      const warning = checkInput(inputName(path), stats);
      if (warning) warn(warning);
    } catch (error: unknown) {
      if (!(error instanceof InputError)) throw error;
      failures.push(error.message);
    }
  };

  if (follow) {
    const signal = io.interrupted?.() ?? new AbortController().signal;
    for (const f of files)
      if (!existsSync(f.path)) warn(`${f.path} does not exist yet: waiting for it (Ctrl-C stops)`);
    await Promise.all(
      files.map(async (f) => {
        const stats: InputStats = { entries: 0, unparsed: 0 };
        await followEntries(
          f.path,
          { signal, pollMs: io.followPollMs ?? 250 },
          forFile(f.path, f.instance, stats),
          () => out.flush(),
        );
      }),
    );
  } else {
    try {
      for (const f of files) {
        const stats: InputStats = { entries: 0, unparsed: 0 };
        const before: InputStats = { entries: tally.total, unparsed: unparsedInTally() };
        await readEntries(f.path, io.stdin, forFile(f.path, f.instance, stats), {
          ...(progress && { progress: progress.counter }),
          betweenChunks: () => {
            progress?.tick();
            return out.drain();
          },
        });
        countsFrom(before, stats);
        check(f.path, stats);
      }
    } finally {
      // Cleared also when reading fails, so the error message starts on a clean line.
      progress?.done();
    }
  }
  const allFailed = failures.length === files.length;
  if (format === 'text' && !allFailed) {
    out.write(
      renderCauseReport(tally.rows(), tally.total, style, { fixes: !quiet, filtered: filter !== undefined }),
    );
  } else if (format === 'json' && !allFailed) {
    out.write(`${JSON.stringify({ total: tally.total, causes: tally.rows() }, null, 2)}\n`);
  }
  await out.flush();
  for (const message of failures) io.stderr.write(`upstream-triage classify: ${message}\n`);
  return failures.length > 0 ? 1 : 0;
}

function readColor(value: string | undefined) {
  return readChoice('color', value, ['auto', 'always', 'never'], 'auto');
}
