import type { EngineEvent } from '#shared/engine/index.ts';

/** Events handed on per array by `mergeChunksByTime` when several files are merged. */
const MERGED_CHUNK = 1024;

/**
 * Merges per-file event arrays (see `readInstanceEventChunks`; each file in time order, as nginx
 * writes it) into time-ordered arrays: by time, then the file's position, holding one array per file.
 * One file's arrays pass through as they are.
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
  // the merge goes on, so every event waits for the other files' heads.
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
