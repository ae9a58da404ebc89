import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eventId, type PayloadEvent } from './awslogsPayload.ts';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

/** The physical lines of a capture in `examples/` (real nginx output). */
export function exampleLines(relativePath: string): string[] {
  const text = readFileSync(`${EXAMPLES}${relativePath}`, 'utf8');
  return text.split('\n').filter((line, i, all) => !(i === all.length - 1 && line === ''));
}

/** nginx's `YYYY/MM/DD hh:mm:ss` read as UTC (the captures run with TZ=UTC), else undefined. */
export function nginxTimeMs(line: string): number | undefined {
  const m = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) /.exec(line);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

/**
 * One CloudWatch event per physical line, as the agent ships a file without a multi-line pattern:
 * continuation lines become events of their own. The timestamp is the line's own second (the agent
 * with `timestamp_format`); lines without one inherit the previous line's. Ids grow with position, so
 * (timestamp, id) order is file order, as in CloudWatch.
 */
export function cloudWatchEventsFromLines(lines: readonly string[], offsetMs = 0): PayloadEvent[] {
  let last = 0;
  return lines.map((message, index) => {
    last = nginxTimeMs(message) ?? last;
    const timestamp = last + offsetMs;
    return { id: eventId(timestamp, index), timestamp, message };
  });
}

/** A deterministic shuffle (batches arrive in any order; tests must be repeatable). */
export function shuffle<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
