import type { EngineEvent } from '#shared/engine/index.ts';

/**
 * Merges per-file event streams (each in time order, as nginx writes them) into one time-ordered
 * stream, holding one event per file: a k-way merge over a binary heap.
 */
export async function* mergeByTime(sources: AsyncIterator<EngineEvent>[]): AsyncGenerator<EngineEvent> {
  if (sources.length === 1) {
    // One file: already in order, nothing to merge.
    const only = sources[0]!;
    for (let next = await only.next(); !next.done; next = await only.next()) yield next.value;
    return;
  }
  const heap: { event: EngineEvent; source: number }[] = [];
  const less = (a: number, b: number) =>
    heap[a]!.event.timestamp < heap[b]!.event.timestamp ||
    (heap[a]!.event.timestamp === heap[b]!.event.timestamp && heap[a]!.source < heap[b]!.source);
  const swap = (a: number, b: number) => {
    const t = heap[a]!;
    heap[a] = heap[b]!;
    heap[b] = t;
  };
  const push = (item: { event: EngineEvent; source: number }) => {
    heap.push(item);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!less(i, parent)) break;
      swap(i, parent);
      i = parent;
    }
  };
  const pop = () => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(l, m)) m = l;
        if (r < heap.length && less(r, m)) m = r;
        if (m === i) break;
        swap(i, m);
        i = m;
      }
    }
    return top;
  };
  for (const [source, it] of sources.entries()) {
    const next = await it.next();
    if (!next.done) push({ event: next.value, source });
  }
  while (heap.length > 0) {
    const { event, source } = pop();
    yield event;
    const next = await sources[source]!.next();
    if (!next.done) push({ event: next.value, source });
  }
}

/** Events handed on per array by `mergeChunksByTime` when several files are merged. */
const MERGED_CHUNK = 1024;

/**
 * `mergeByTime` by the array: per-file event arrays (see `readInstanceEventChunks`) in, time-ordered
 * arrays out, in the same order `mergeByTime` gives (time, then the file's position). One file's
 * arrays pass through as they are.
 */
export async function* mergeChunksByTime(
  sources: AsyncIterator<EngineEvent[]>[],
): AsyncGenerator<EngineEvent[]> {
  if (sources.length === 1) {
    const only = sources[0]!;
    for (let next = await only.next(); !next.done; next = await only.next()) yield next.value;
    return;
  }
  // Each source's current array and position; a source whose array ran out is read again before
  // the merge goes on, so every event waits for the other files' heads as in `mergeByTime`.
  const chunks: (EngineEvent[] | undefined)[] = [];
  const at: number[] = [];
  const refill = async (source: number) => {
    for (;;) {
      const next = await sources[source]!.next();
      if (next.done) {
        chunks[source] = undefined;
        return;
      }
      if (next.value.length > 0) {
        chunks[source] = next.value;
        at[source] = 0;
        return;
      }
    }
  };
  for (let source = 0; source < sources.length; source++) await refill(source);
  let out: EngineEvent[] = [];
  for (;;) {
    // The head with the smallest time, the lowest source on ties (few files: a linear scan).
    let best = -1;
    let bestTime = 0;
    for (let source = 0; source < chunks.length; source++) {
      const chunk = chunks[source];
      if (chunk === undefined) continue;
      const time = chunk[at[source]!]!.timestamp;
      if (best === -1 || time < bestTime) {
        best = source;
        bestTime = time;
      }
    }
    if (best === -1) break;
    const chunk = chunks[best]!;
    out.push(chunk[at[best]!]!);
    if (++at[best]! === chunk.length) {
      if (out.length > 0) {
        yield out;
        out = [];
      }
      await refill(best);
    } else if (out.length >= MERGED_CHUNK) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}
