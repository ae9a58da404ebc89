import { basename } from 'node:path';
import { classifyText } from '#shared/classify/classifyLine.ts';
import type { EngineEvent } from '#shared/engine/EngineEvent.ts';
import { EntryAssembler } from '#shared/parse/EntryAssembler.ts';
import { LineSplitter } from '#shared/parse/LineSplitter.ts';
import { readTextChunks } from '../readTextChunks.ts';

/** One input: a file that is one instance's log stream. */
export interface InstanceFile {
  instance: string;
  path: string;
}

/** `NAME=PATH`, or a path whose file name (without `.log` / `.gz`) names the instance. */
export function toInstanceFile(arg: string): InstanceFile {
  const eq = arg.indexOf('=');
  if (eq > 0 && !arg.slice(0, eq).includes('/'))
    return { instance: arg.slice(0, eq), path: arg.slice(eq + 1) };
  const name = basename(arg)
    .replace(/\.gz$/, '')
    .replace(/\.(?:log|txt)$/, '');
  return { instance: name === '' ? arg : name, path: arg };
}

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
): AsyncGenerator<EngineEvent> {
  const ready: { text: string; line: number }[] = [];
  const assembler = new EntryAssembler((text, line) => ready.push({ text, line }));
  const splitter = new LineSplitter((line) => assembler.push(line));
  let lastTime: number | undefined;
  let untimed: EngineEvent[] = [];
  const toEvents = function* (): Generator<EngineEvent> {
    for (const { text, line } of ready.splice(0)) {
      // Classified from the text: the engine reads the verdict, the time, upstream and host; the full
      // entry is parsed only for what needs it (samples, the report).
      const classified = classifyText(text);
      const time = classified.time === null ? undefined : toEpoch(classified.time);
      if (time !== undefined) lastTime = time;
      const event: EngineEvent = {
        logGroup,
        logStream: file.instance,
        instance: file.instance,
        timestamp: lastTime ?? 0,
        eventId: `${file.path}:${line}`,
        classified,
      };
      if (lastTime === undefined) {
        untimed.push(event);
        continue;
      }
      for (const early of untimed) yield { ...early, timestamp: lastTime };
      untimed = [];
      yield event;
    }
  };
  for await (const text of readTextChunks(file.path, process.stdin)) {
    splitter.push(text);
    yield* toEvents();
  }
  splitter.end();
  assembler.end();
  yield* toEvents();
  // A file with no timed entry at all: its lines are still counted (at time 0).
  yield* untimed;
}
