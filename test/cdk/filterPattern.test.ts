import { describe, expect, it } from 'vitest';
import type { IngestSummary } from '#functions/ingest/createHandler.ts';
import { createHandler } from '#functions/ingest/createHandler.ts';
import { DEFAULT_ENGINE_SETTINGS } from '#shared/engine/config/EngineSettings.ts';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import { DEFAULT_FILTER_PATTERN } from '../../cdk/config.ts';
import { matchesTermPattern, parseTermPattern } from '../../cdk/filterPattern.ts';
import { awslogsEvent, eventId, type PayloadEvent } from '../functions/support/awslogsPayload.ts';
import { exampleLines, nginxTimeMs } from '../functions/support/examples.ts';
import { RecordingMetrics } from '../functions/support/recorders.ts';

/** The pattern the stack shipped before: only lines with a level tag pass. */
const LEVELS_ONLY = '?"[error]" ?"[crit]" ?"[alert]" ?"[emerg]" ?"[notice]"';

/**
 * The events the CloudWatch agent ships for a file without a multi-line start pattern: one per line,
 * except that a line starting with whitespace is appended to the previous event.
 */
function agentEvents(lines: readonly string[]): PayloadEvent[] {
  const events: PayloadEvent[] = [];
  let last = 0;
  for (const line of lines) {
    const previous = events.at(-1);
    if (/^\s/.test(line) && previous !== undefined) {
      previous.message = `${previous.message}\n${line}`;
      continue;
    }
    last = nginxTimeMs(line) ?? last;
    events.push({ id: eventId(last, events.length), timestamp: last, message: line });
  }
  return events;
}

/** Runs the events that pass `pattern` through the real ingest handler; returns its log records. */
async function ingestThrough(pattern: string, events: readonly PayloadEvent[]) {
  const logs: Record<string, unknown>[] = [];
  const handler = createHandler({
    store: new MemoryStateStore(),
    publisher: { publish: async () => 'm-1' },
    metrics: new RecordingMetrics(),
    log: (record) => logs.push(record as Record<string, unknown>),
    engine: DEFAULT_ENGINE_SETTINGS,
    instancePattern: undefined,
    clock: () => Date.parse('2026-11-22T02:20:00Z'),
  });
  const passed = events.filter((e) => matchesTermPattern(pattern, e.message));
  const summary: IngestSummary = await handler(
    awslogsEvent(passed, { logGroup: '/ec2/nginx/error', logStream: 'i-0a1b2c3d4e5f60718' }),
  );
  return { logs, passed, summary };
}

describe('term filter patterns (evaluated as CloudWatch Logs does)', () => {
  it('reads OR, AND, exclusion and quoted terms', () => {
    expect(parseTermPattern('?"[error]" ?"[crit]" -"[warn]" upstream')).toEqual({
      all: ['upstream'],
      any: ['[error]', '[crit]'],
      none: ['[warn]'],
    });
    expect(matchesTermPattern('""', 'anything')).toBe(true);
    expect(matchesTermPattern('?"[error]" ?"[crit]"', 'x [crit] y')).toBe(true);
    expect(matchesTermPattern('?"[error]" ?"[crit]"', 'x [warn] y')).toBe(false);
    expect(matchesTermPattern('-"[warn]"', 'Stack trace:')).toBe(true);
    expect(matchesTermPattern('-"[warn]"', '2026/11/22 02:15:24 [warn] 1#1: buffered')).toBe(false);
    expect(() => parseTermPattern('{ $.level = "error" }')).toThrow(/not a term pattern/);
  });

  it('the default pattern passes every error-level and lifecycle line of the captures and drops warn/info/debug', () => {
    const lines = [
      ...exampleLines('single/error.log'),
      ...exampleLines('rolling-deploy/i-0a1b2c3d4e5f60001.log'),
      '2026/11/22 02:15:24 [warn] 10919#10919: *9 an upstream response is buffered to a temporary file /var/cache/nginx/1 while reading upstream',
      '2026/11/22 02:15:24 [debug] 10919#10919: *9 http cleanup',
    ];
    for (const line of lines) {
      const level = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(\w+)\]/.exec(line)?.[1];
      const dropped = level === 'warn' || level === 'info' || level === 'debug';
      expect(matchesTermPattern(DEFAULT_FILTER_PATTERN, line), line).toBe(!dropped);
    }
  });
});

describe('multi-line FastCGI entries through the ingest path', () => {
  const events = agentEvents(exampleLines('single/error.log'));
  const fatal = (logs: Record<string, unknown>[]) =>
    logs.find((l) => l.type === 'upstream_event' && String(l.raw).includes('PHP Fatal error'));

  it('the agent ships the PHP fatal error as several events, only the first with a level', () => {
    const trace = events.filter((e) => /^(Stack trace:|#\d )/.test(e.message));
    expect(trace.length).toBeGreaterThanOrEqual(3);
    // The last line (`  thrown in ... request: ..., upstream: ...`) starts with spaces: appended to `#2 {main}`.
    expect(events.some((e) => e.message.startsWith('#2 {main}\n  thrown in'))).toBe(true);
  });

  it('with the default pattern the entry arrives whole: request, upstream and client of its last line are kept', async () => {
    const { logs, passed } = await ingestThrough(DEFAULT_FILTER_PATTERN, events);
    expect(passed.some((e) => e.message.startsWith('Stack trace:'))).toBe(true);
    const record = fatal(logs);
    expect(record).toMatchObject({
      request: 'GET /index.php HTTP/1.1',
      client: '127.0.0.1',
      host: 'shop.example.com',
    });
    expect(String(record?.upstream)).toMatch(/^fastcgi:\/\/unix:/);
    expect(String(record?.raw)).toContain('#1 /var/www/html/index.php(9)');
  });

  it('with the levels-only pattern the continuation lines are dropped and the entry loses its fields', async () => {
    const { logs, passed } = await ingestThrough(LEVELS_ONLY, events);
    expect(passed.some((e) => e.message.startsWith('Stack trace:'))).toBe(false);
    const record = fatal(logs);
    // The header line still arrives and is classified, but alone.
    expect(record).toBeDefined();
    expect(String(record?.raw)).not.toContain('Stack trace:');
    expect(record?.request ?? null).toBeNull();
    expect(record?.upstream ?? null).toBeNull();
  });
});
