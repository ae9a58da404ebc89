import { describe, expect, it } from 'vitest';
import { mergeChunksByTime } from '../../cli/analyze/mergeChunksByTime.ts';
import type { EngineEvent } from '../../shared/engine/index.ts';

function event(source: number, n: number, timestamp: number): EngineEvent {
  return { timestamp, eventId: `${source}:${n}` } as EngineEvent;
}

async function* arrays<T>(chunks: T[][]): AsyncGenerator<T[]> {
  for (const c of chunks) yield c;
}

describe('mergeChunksByTime', () => {
  it('orders by time, then file, each file keeping its own order, whatever the chunk sizes', async () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 50; round++) {
      const files = 1 + random(4);
      const sources = Array.from({ length: files }, (_, s) => {
        let t = random(5);
        const chunks: EngineEvent[][] = [];
        for (let c = random(5); c > 0; c--) {
          const chunk: EngineEvent[] = [];
          for (let k = random(4); k > 0; k--) {
            t += random(3);
            chunk.push(event(s, chunk.length + chunks.length * 10, t));
          }
          chunks.push(chunk);
        }
        return chunks;
      });
      // Each file is in time order: the merge is the stable sort of all events by (time, file).
      const expected = sources
        .flatMap((chunks, file) => chunks.flat().map((e) => ({ e, file })))
        .sort((a, b) => a.e.timestamp - b.e.timestamp || a.file - b.file)
        .map(({ e }) => e.eventId);
      const got: string[] = [];
      for await (const chunk of mergeChunksByTime(sources.map((c) => arrays(c)))) {
        if (files > 1) expect(chunk.length).toBeGreaterThan(0);
        got.push(...chunk.map((e) => e.eventId));
      }
      expect(got).toEqual(expected);
    }
  });
});
