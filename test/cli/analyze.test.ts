import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeployOption } from '../../cli/analyze/deployMarkers.ts';
import { createZonedClock } from '../../cli/analyze/zonedClock.ts';
import { runCli, tempDir } from './support.ts';

const dir = tempDir('analyze-');
const refused = (time: string, n: number) =>
  `2026/11/03 ${time} [error] 7#7: *${n} connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.${n % 200}, server: shop, request: "GET /a HTTP/1.1", upstream: "http://127.0.0.1:8000/a", host: "shop"`;
/** One error a second from 12:00:00 for `seconds` seconds (local time as nginx writes it). */
function burst(seconds: number): string {
  const lines: string[] = [];
  for (let s = 0; s < seconds; s++)
    lines.push(
      refused(`12:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`, s),
    );
  return `${lines.join('\n')}\n`;
}
const longLog = join(dir, 'web-1.log');
writeFileSync(longLog, burst(150));
const shortLog = join(dir, 'short.log');
writeFileSync(shortLog, `${burst(5)}not an nginx line\n`);

const json = async (args: string[]) => {
  const r = await runCli(['analyze', ...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
};

describe('upstream-triage analyze', () => {
  it('prints the ten-second report: verdict, tables, the alerts in full', async () => {
    const r = await runCli(['analyze', longLog]);
    expect(r.code).toBe(0);
    for (const text of [
      'VERDICT\n  PAGE: web-1 failing for',
      'Instances',
      'Incidents',
      '=== alert 1 of 1: PAGE',
      'Subject: PAGE: web-1 failing',
      'Check first',
    ]) {
      expect(r.stdout).toContain(text);
    }
  });

  it('names instances from NAME=PATH and counts unparsed lines', async () => {
    const report = await json([`i-0aaa1111=${shortLog}`]);
    expect(report.instances.map((i: { instance: string }) => i.instance)).toEqual(['i-0aaa1111']);
    expect(report.summary.unparsed).toBe(1);
    expect(report.summary.events).toBe(6);
    expect(report.alerts).toEqual([]);
  });

  it('reads nginx times in --tz', async () => {
    expect((await json([shortLog])).summary.firstSeen).toBe('2026-11-03T12:00:00Z');
    expect((await json([shortLog, '--tz', 'Europe/Paris'])).summary.firstSeen).toBe('2026-11-03T11:00:00Z');
    expect((await json([shortLog, '--tz', 'America/New_York'])).summary.firstSeen).toBe(
      '2026-11-03T17:00:00Z',
    );
  });

  it('a --deploy window covering the restart turns the page into a digest', async () => {
    const report = await json([longLog, '--deploy', 'd-7:2026-11-03T11:59:00Z..2026-11-03T12:02:00Z:web-1']);
    expect(report.alerts.map((a: { kind: string }) => a.kind)).toEqual(['digest']);
    expect(report.deployments[0]).toMatchObject({
      id: 'd-7',
      source: 'marker',
      instances: ['web-1'],
      total502: 150,
    });
  });

  it('threshold flags reach the engine', async () => {
    expect((await json([longLog, '--grace', '300'])).alerts).toEqual([]);
    expect((await json([longLog])).alerts.map((a: { kind: string }) => a.kind)).toEqual(['page']);
  });

  it('reads a markers file', async () => {
    const markers = join(dir, 'markers.json');
    writeFileSync(
      markers,
      JSON.stringify({
        deployments: [{ id: 'd-8', start: '2026-11-03T12:00:00Z', end: '2026-11-03T12:03:00Z' }],
      }),
    );
    const report = await json([longLog, '--markers', markers]);
    expect(report.alerts.map((a: { scope: { deployment?: string } }) => a.scope.deployment)).toEqual(['d-8']);
  });

  it.each([
    ['no file', [], 2, 'give at least one log file'],
    ['a bad format', [shortLog, '--format', 'xml'], 2, '--format'],
    ['a non-numeric threshold', [shortLog, '--grace', 'soon'], 2, '--grace'],
    ['an out-of-range threshold', [shortLog, '--fleet-fraction', '3'], 2, '--fleet-fraction'],
    ['an unknown zone', [shortLog, '--tz', 'Mars/Olympus'], 2, 'Mars/Olympus'],
    ['a malformed --deploy', [shortLog, '--deploy', 'd-1:yesterday..today'], 2, '--deploy'],
    [
      'a --deploy ending before it starts',
      [shortLog, '--deploy', 'd-1:2026-11-03T12:00:00Z..2026-11-03T11:00:00Z'],
      2,
      'end is before start',
    ],
    ['an unknown flag', [shortLog, '--gracee', '3'], 2, 'unknown option --gracee (did you mean --grace?)'],
    ['a missing file', [join(dir, 'nope.log')], 1, 'no such file'],
    ['a markers file that is not JSON', [shortLog, '--markers', shortLog], 1, 'is not JSON'],
  ])('exits with a clear message on %s', async (_name, args, code, message) => {
    const r = await runCli(['analyze', ...args]);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(message);
  });
});

describe('createZonedClock', () => {
  it.each([
    ['UTC', '2026-07-01T12:00:00', Date.UTC(2026, 6, 1, 12)],
    ['Europe/Paris', '2026-07-01T12:00:00', Date.UTC(2026, 6, 1, 10)],
    ['Europe/Paris', '2026-01-15T12:00:00', Date.UTC(2026, 0, 15, 11)],
    ['Europe/Paris', '2026-03-29T03:30:00', Date.UTC(2026, 2, 29, 1, 30)],
    // 02:30 does not exist on the spring-forward night: read one hour on.
    ['Europe/Paris', '2026-03-29T02:30:00', Date.UTC(2026, 2, 29, 1, 30)],
    // 02:30 happens twice on the autumn night: the first one.
    ['Europe/Paris', '2026-10-25T02:30:00', Date.UTC(2026, 9, 25, 0, 30)],
    ['Asia/Kolkata', '2026-07-01T12:00:00', Date.UTC(2026, 6, 1, 6, 30)],
    ['America/New_York', '2026-11-03T12:00:00.250', Date.UTC(2026, 10, 3, 17, 0, 0, 250)],
  ])('%s %s', (zone, local, expected) => {
    expect(createZonedClock(zone)(local)).toBe(expected);
  });

  it('returns undefined for a time it cannot read', () => {
    expect(createZonedClock('UTC')('03/11/2026 12:00')).toBeUndefined();
  });
});

describe('parseDeployOption', () => {
  const utc = createZonedClock('UTC');
  it.each([
    [
      'ISO with zones and instances',
      'd-1:2026-11-03T12:00:00Z..2026-11-03T12:05:00Z:i-0a,i-0b',
      ['i-0a', 'i-0b'],
    ],
    ['without instances', 'd-1:2026-11-03T12:00:00Z..2026-11-03T12:05:00Z', undefined],
    ['zone-less times (read in --tz)', 'd-1:2026-11-03T12:00:00..2026-11-03T12:05:00', undefined],
    ['epoch seconds', 'd-1:1793707200..1793707500:i-0a', ['i-0a']],
  ])('%s', (_name, value, instances) => {
    const w = parseDeployOption(value, utc, 'g');
    expect(w.id).toBe('d-1');
    expect(w.end! - w.start).toBe(300_000);
    expect(w.instances).toEqual(instances);
  });
});
