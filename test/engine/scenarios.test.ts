import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '#shared/engine/ingest/EngineEvent.ts';
import { replayEvents } from '#shared/engine/replayEvents.ts';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import { mergeChunksByTime } from '../../cli/analyze/mergeChunksByTime.ts';
import { readInstanceEventChunks, toInstanceFile } from '../../cli/analyze/readInstanceEvents.ts';
import { runCli } from '../cli/support.ts';
import { config } from './support.ts';

/** Scenarios captured from real nginx (see examples/README.md). */
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const logsOf = (scenario: string) =>
  readdirSync(`${EXAMPLES}${scenario}`)
    .filter((f) => f.endsWith('.log'))
    .sort()
    .map((f) => `${EXAMPLES}${scenario}/${f}`);
const instancesOf = (scenario: string) => logsOf(scenario).map((p) => toInstanceFile(p).instance);

interface JsonAlert {
  kind: string;
  rule: string;
  cause: string | null;
  scope: { instance?: string; deployment?: string; fleet?: boolean; instances?: string[] };
  subject: string;
  body: string;
  count: number;
}

async function analyze(scenario: string, withMarkers: boolean) {
  const args = ['analyze', ...logsOf(scenario), '--format', 'json', '--log-group', `/demo/${scenario}`];
  if (withMarkers) args.push('--markers', `${EXAMPLES}${scenario}/markers.json`);
  const result = await runCli(args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as {
    alerts: JsonAlert[];
    incidents: unknown[];
    deployments: { id: string; verdict: string }[];
    summary: { unparsed: number };
  };
}

const kinds = (alerts: JsonAlert[]) => alerts.map((a) => `${a.kind}:${a.rule}`);

describe('scenarios captured from real nginx', () => {
  it.each([true, false])(
    'clean rolling restart (markers: %s): no page, a digest naming every instance',
    async (markers) => {
      const report = await analyze('rolling-deploy', markers);
      expect(kinds(report.alerts)).toEqual(['digest:deployment-digest']);
      const digest = report.alerts[0]!;
      for (const instance of instancesOf('rolling-deploy')) expect(digest.body).toContain(instance);
      expect(digest.body).toContain('NOT zero-downtime: 160 x 502');
      expect(digest.body).toContain('deregistration delay');
      expect(digest.scope.deployment).toBe(markers ? 'd-ROLLING01' : 'inferred-2026-11-22T02:15:31Z');
      expect(report.summary.unparsed).toBe(0);
    },
  );

  it('all backends dying at once: one fleet page, no page per instance', async () => {
    const report = await analyze('fleet-outage', false);
    expect(kinds(report.alerts)).toEqual(['page:fleet-outage']);
    expect(report.alerts[0]!.scope.fleet).toBe(true);
    expect(report.alerts[0]!.subject).toMatch(
      /^PAGE: fleet outage: all 3 of 3 instances failing at once since /,
    );
  });

  it.each([
    [true, 'deployment d-BADDEPL01 left i-0c2d4e6f8a0b10003 failing'],
    [false, 'deployment inferred-2026-11-22T02:15:31Z left i-0c2d4e6f8a0b10003 failing'],
  ])('one instance never coming back (markers: %s): a page naming it', async (markers, headline) => {
    const report = await analyze('bad-deploy', markers);
    const pages = report.alerts.filter((a) => a.kind === 'page');
    expect(pages.map((p) => [p.rule, p.scope.instance])).toEqual([
      ['restart-persisting', 'i-0c2d4e6f8a0b10003'],
    ]);
    expect(pages[0]!.body).toContain(headline);
    const digest = report.alerts.find((a) => a.kind === 'digest');
    expect(digest?.body).toContain('still failing: i-0c2d4e6f8a0b10003');
  });

  it('a config error in the middle of a deploy: a config page naming the deployment', async () => {
    const report = await analyze('config-error-mid-deploy', true);
    const pages = report.alerts.filter((a) => a.kind === 'page');
    expect(pages.map((p) => [p.rule, p.cause, p.scope.instance])).toEqual([
      ['config-first-sight', 'socket_permission', 'i-0d3e5f7a9b1c20002'],
    ]);
    expect(pages[0]!.body.split('\n')[0]).toContain('during deployment d-CFGERR001');
    expect(pages[0]!.body).toContain('13: Permission denied');
  });
});

async function eventsOf(scenario: string): Promise<EngineEvent[]> {
  const streams = logsOf(scenario).map((p) =>
    readInstanceEventChunks(toInstanceFile(p), '/demo', (t) => Date.parse(`${t}Z`))[Symbol.asyncIterator](),
  );
  const out: EngineEvent[] = [];
  for await (const chunk of mergeChunksByTime(streams)) out.push(...chunk);
  return out;
}

async function incidentCounts(store: MemoryStateStore) {
  return (await store.listIncidents({ logGroup: '/demo' })).map((i) => [i.id, i.count, i.state]).sort();
}

describe('redelivery and reordering on real logs', () => {
  it('replaying every batch a second time changes no count and sends no alert again', async () => {
    const events = await eventsOf('bad-deploy');
    const store = new MemoryStateStore();
    const first = await replayEvents(events, store, config());
    const counts = await incidentCounts(store);
    const second = await replayEvents(events, store, config());
    expect(first.sent.map((a) => a.kind)).toEqual(['page', 'digest']);
    expect(second.sent).toEqual([]);
    expect(await incidentCounts(store)).toEqual(counts);
  });

  it('events shuffled within each batch give the same alerts and incidents', async () => {
    const events = await eventsOf('config-error-mid-deploy');
    const baseline = new MemoryStateStore();
    const expected = (await replayEvents(events, baseline, config())).sent.map((a) => [
      a.key,
      a.subject,
      a.count,
      a.body,
    ]);
    // Reverse each 10-second slice of each instance: same batches, events in another order.
    const slices = new Map<string, EngineEvent[]>();
    for (const e of events) {
      const key = `${Math.floor(e.timestamp / 10_000)}#${e.instance}`;
      slices.set(key, [...(slices.get(key) ?? []), e]);
    }
    const shuffled = [...slices.values()].flatMap((slice) => [...slice].reverse());
    const store = new MemoryStateStore();
    const got = (await replayEvents(shuffled, store, config())).sent.map((a) => [
      a.key,
      a.subject,
      a.count,
      a.body,
    ]);
    expect(got).toEqual(expected);
    expect(await incidentCounts(store)).toEqual(await incidentCounts(baseline));
  });
});
