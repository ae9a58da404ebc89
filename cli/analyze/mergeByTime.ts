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
