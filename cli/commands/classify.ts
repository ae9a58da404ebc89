import { CauseTally } from '#shared/classify/CauseTally.ts';
import { classifyLine, classifyText } from '#shared/classify/classifyLine.ts';
import { toRecord } from '#shared/classify/toRecord.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';
import { parseCommandArgs, readChoice } from '../args.ts';
import { BufferedWriter } from '../BufferedWriter.ts';
import type { CliIo } from '../io.ts';
import { createProgress } from '../progress.ts';
import { readEntries } from '../readEntries.ts';
import { renderCauseReport } from '../render/renderCauseReport.ts';
import { createStyle, wantsColor } from '../render/style.ts';

const HELP = `usage: upstream-triage classify [FILE...|-] [--format ndjson|text] [--color auto|always|never]

Classifies every entry of nginx error logs (stdin when no FILE or '-').
  --format ndjson   one JSON record per entry: line, cause, status, level, severity, group, time, fields
  --format text     a table of causes with counts and statuses, then the fix for each (default)
Exit codes: 0 ok, 1 input error, 2 usage error.
`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseCliArgs(argv);
  if (args.values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const format = readChoice('format', args.values.format, ['text', 'ndjson'], 'text');
  const files = args.positionals.length > 0 ? args.positionals : ['-'];
  const tally = new CauseTally();
  const out = new BufferedWriter(io.stdout);
  const progress = createProgress(io.stderr, 'classify', files);
  try {
    for (const file of files) {
      const label = files.length > 1 ? file : undefined;
      const linesBefore = progress.lines;
      await readEntries(
        file,
        io.stdin,
        (text, line) => {
          // Text output only counts: the entry is classified from its text, never parsed in full.
          // ndjson prints every field, so it parses every entry. (A field-by-field writer of the record
          // was tried: no faster than JSON.stringify of the record object, measured; not kept.)
          const classified = format === 'ndjson' ? classifyLine(parseErrorLine(text)) : classifyText(text);
          tally.add(classified);
          progress.lines = linesBefore + line;
          if (format === 'ndjson') out.write(`${JSON.stringify(toRecord(classified, line, label))}\n`);
        },
        {
          progress: progress.counter,
          betweenChunks: () => {
            progress.tick();
            return out.drain();
          },
        },
      );
    }
  } finally {
    // Cleared also when reading fails, so the error message starts on a clean line.
    progress.done();
  }
  if (format === 'text') {
    const style = createStyle(wantsColor(args.values.color, io.stdout.isTTY, io.env));
    out.write(renderCauseReport(tally.rows(), tally.total, style));
  }
  await out.flush();
  return 0;
}

function parseCliArgs(argv: string[]) {
  return parseCommandArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string' }, color: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}
