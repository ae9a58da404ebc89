import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { classifyText } from '#shared/classify/index.ts';
import type { EngineEvent } from '#shared/engine/index.ts';
import { EntryAssembler, LineSplitter } from '#shared/parse/index.ts';
import { type InputStats, inputName, noEntriesError } from '../input/inputStats.ts';
import { readTextChunks } from '../readTextChunks.ts';

/** One input: a file that is one instance's log stream. */
export interface InstanceFile {
  instance: string;
  path: string;
}

/**
 * `NAME=PATH`, or a path whose file name names the instance: without `.gz`, a rotation number
 * (`.1`) and `.log` / `.txt`, so `error.log.2.gz`, `error.log.1` and `error.log` are one instance.
 */
export function toInstanceFile(arg: string): InstanceFile {
  const eq = arg.indexOf('=');
  if (eq > 0 && !arg.slice(0, eq).includes('/'))
    return { instance: arg.slice(0, eq), path: arg.slice(eq + 1) };
  const name = basename(arg)
    .replace(/\.gz$/, '')
    .replace(/\.\d{1,4}$/, '')
    .replace(/\.(?:log|txt)$/, '');
  return { instance: name === '' ? arg : name, path: arg };
}

/** The rotation number of a path (`error.log.3.gz` is 3, `error.log` 0): higher is older. */
export function rotationRank(path: string): number {
  const m = /\.(\d{1,4})(?:\.gz)?$/.exec(basename(path));
  return m ? Number(m[1]) : 0;
}

/**
 * The files in reading order: instances in the order first named, and the files of one instance
 * oldest rotation first (`error.log.2.gz`, `error.log.1`, `error.log`), as logrotate leaves them.
 */
export function inReadingOrder(files: readonly InstanceFile[]): InstanceFile[] {
  const first = new Map<string, number>();
  files.forEach((f, i) => {
    if (!first.has(f.instance)) first.set(f.instance, i);
  });
  return files
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        first.get(a.f.instance)! - first.get(b.f.instance)! ||
        rotationRank(b.f.path) - rotationRank(a.f.path) ||
        a.i - b.i,
    )
    .map(({ f }) => f);
}

/** Lines without a time buffered before the first timed entry; past this the file is not an error log. */
const MAX_UNTIMED_HEAD = 10_000;

/**
 * Streams one file's entries as engine events in constant memory (chunks, a line splitter, the
 * multi-line entry assembler), times read by `toEpoch` (nginx's zone-less time in `--tz`). A line
 * without a usable time takes the time of the entry before it (or of the first timed entry), so it
 * is still counted as `unparsed` in order.
 */
export async function* readInstanceEvents(
  file: InstanceFile,
  logGroup: string,
  toEpoch: (local: string) => number | undefined,
  options: { stats?: InputStats; stdin?: Readable; endByte?: number } = {},
): AsyncGenerator<EngineEvent> {
  for await (const chunk of readInstanceEventChunks(file, logGroup, toEpoch, options)) yield* chunk;
}

/**
 * `readInstanceEvents` by the array: the events of each chunk read (a few hundred), so a consumer
 * takes one async step per chunk instead of one per event. Arrays are never empty.
 */
export async function* readInstanceEventChunks(
  file: InstanceFile,
  logGroup: string,
  toEpoch: (local: string) => number | undefined,
  options: { stats?: InputStats; stdin?: Readable; endByte?: number } = {},
): AsyncGenerator<EngineEvent[]> {
  const stats = options.stats ?? { entries: 0, unparsed: 0 };
  // Entries assembled and not yet turned into events: texts and their line numbers side by side.
  const readyTexts: string[] = [];
  const readyLines: number[] = [];
  const assembler = new EntryAssembler((text, line) => {
    readyTexts.push(text);
    readyLines.push(line);
  });
  const splitter = new LineSplitter((line) => assembler.push(line));
  const idPrefix = `${file.path}:`;
  let lastTime: number | undefined;
  let untimed: EngineEvent[] = [];
  const toEvents = (): EngineEvent[] => {
    const out: EngineEvent[] = [];
    for (let r = 0; r < readyTexts.length; r++) {
      const text = readyTexts[r]!;
      const line = readyLines[r]!;
      // Classified from the text: the engine reads the verdict, the time, upstream and host; the full
      // entry is parsed only for what needs it (samples, the report).
      const classified = classifyText(text);
      stats.entries++;
      if (classified.cause === 'unparsed') stats.unparsed++;
      const time = classified.time === null ? undefined : toEpoch(classified.time);
      if (time !== undefined) lastTime = time;
      const event: EngineEvent = {
        logGroup,
        logStream: file.instance,
        instance: file.instance,
        timestamp: lastTime ?? 0,
        eventId: idPrefix + line,
        classified,
      };
      if (lastTime === undefined) {
        untimed.push(event);
        if (untimed.length > MAX_UNTIMED_HEAD) throw noEntriesError(inputName(file.path), MAX_UNTIMED_HEAD);
        continue;
      }
      if (untimed.length > 0) {
        for (const early of untimed) out.push({ ...early, timestamp: lastTime });
        untimed = [];
      }
      out.push(event);
    }
    readyTexts.length = 0;
    readyLines.length = 0;
    return out;
  };
  if (options.endByte === 0) return;
  const range = options.endByte === undefined ? undefined : { end: options.endByte - 1 };
  for await (const text of readTextChunks(file.path, options.stdin ?? process.stdin, undefined, range)) {
    splitter.push(text);
    const events = toEvents();
    if (events.length > 0) yield events;
  }
  splitter.end();
  assembler.end();
  const events = toEvents();
  if (events.length > 0) yield events;
  // A file with lines but no timed entry at all is not an nginx error log: no 1970 ranges.
  if (untimed.length > 0) throw noEntriesError(inputName(file.path));
}
