import { StringDecoder } from 'node:string_decoder';
import { classifyLine } from '#shared/classify/index.ts';
import type { EngineEvent } from '#shared/engine/index.ts';
import { EntryAssembler, LineSplitter, parseErrorLine } from '#shared/parse/index.ts';
import type { InstanceFile } from '../analyze/readInstanceEvents.ts';
import { type FollowOptions, followFile } from './followFile.ts';
import type { InputStats } from './inputStats.ts';

/**
 * `analyze --follow` for one file: the entries written after `options.from` as engine events, each
 * as soon as it is complete. A line without a usable time takes the time of the entry before it,
 * or the wall clock (`now`, the CLI shell's) before any.
 */
export async function* followInstanceEvents(
  file: InstanceFile,
  logGroup: string,
  toEpoch: (local: string) => number | undefined,
  options: FollowOptions & { stats: InputStats; now: () => number },
): AsyncGenerator<EngineEvent> {
  const ready: string[] = [];
  const assembler = new EntryAssembler((text) => ready.push(text));
  const splitter = new LineSplitter((line) => assembler.push(line));
  const decoder = new StringDecoder('utf8');
  let lastTime: number | undefined;
  let seq = 0;
  const toEvents = function* (): Generator<EngineEvent> {
    for (const text of ready.splice(0)) {
      const parsed = parseErrorLine(text);
      options.stats.entries++;
      if (parsed.kind !== 'entry') options.stats.unparsed++;
      lastTime =
        (parsed.kind === 'entry' && parsed.time !== undefined ? toEpoch(parsed.time) : undefined) ?? lastTime;
      yield {
        logGroup,
        logStream: file.instance,
        instance: file.instance,
        timestamp: lastTime ?? options.now(),
        // Live entries are numbered apart from the first read's `path:line` ids.
        eventId: `${file.path}:+${++seq}`,
        classified: classifyLine(parsed),
      };
    }
  };
  for await (const chunk of followFile(file.path, options)) {
    if (chunk === 'idle') assembler.end();
    else splitter.push(decoder.write(chunk));
    yield* toEvents();
  }
  splitter.push(decoder.end());
  splitter.end();
  assembler.end();
  yield* toEvents();
}

/**
 * Merges live sources in the order their items arrive (a quiet file must not hold back the
 * others, as a merge by time would).
 */
export async function* mergeArrivals<T>(sources: readonly AsyncIterable<T>[]): AsyncGenerator<T> {
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<{ i: number; r: IteratorResult<T> }>>();
  const pull = (i: number) =>
    pending.set(
      i,
      iterators[i]!.next().then((r) => ({ i, r })),
    );
  iterators.forEach((_, i) => {
    pull(i);
  });
  while (pending.size > 0) {
    const { i, r } = await Promise.race(pending.values());
    if (r.done) {
      pending.delete(i);
      continue;
    }
    pull(i);
    yield r.value;
  }
}
