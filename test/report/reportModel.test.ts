import { describe, expect, it } from 'vitest';
import { DEPLOYMENT_FIX } from '#shared/alerts/deploymentFix.ts';
import type { CauseId } from '#shared/model/index.ts';
import type { BinEvent } from '#shared/report/binEvents.ts';
import { buildReportModel, FOLDED_ROW } from '#shared/report/buildReportModel.ts';
import { deploymentCard } from '#shared/report/deploymentCard.ts';
import { ReportTimeZoneError } from '#shared/report/ReportError.ts';
import type { NumberedAlert, ReportInput, TimedAlert } from '#shared/report/ReportModel.ts';
import { clusterPins } from '#shared/report/renderTimelineSvg.ts';
import { axisTicks } from '#shared/report/timeAxis.ts';
import { checkTimeZone, formatOffset, zoneOffsetMs } from '#shared/report/zonedTime.ts';
import { analysisOf, deployWindow, incident, LOG_GROUP, SETTINGS } from './support.ts';

const T0 = Date.UTC(2026, 10, 22, 2, 15, 0);
const S = 1000;

/** `n` events a second on `instance` from `fromS` to `toS` (seconds after T0), both included. */
function burst(
  instance: string,
  fromS: number,
  toS: number,
  cause: CauseId = 'upstream_refused',
  status: number | null = 502,
  n = 10,
): BinEvent[] {
  const out: BinEvent[] = [];
  for (let s = fromS; s <= toS; s++) out.push({ instance, timestamp: T0 + s * S, cause, status, count: n });
  return out;
}

const WINDOW = deployWindow({
  id: 'd-1',
  source: 'marker',
  start: T0 + 10 * S,
  end: T0 + 40 * S,
  instances: ['i-1', 'i-2'],
});
const page = (over: Partial<TimedAlert>): TimedAlert => ({
  kind: 'page',
  severity: 'critical',
  cause: 'upstream_refused',
  scope: { logGroup: LOG_GROUP },
  subject: 'PAGE: something | nginx',
  body: '',
  decidedAt: T0 + 30 * S,
  ...over,
});
const deploymentOf = (parts: Parameters<typeof analysisOf>[0]) => {
  const d = analysisOf(parts).deployments[0];
  if (!d) throw new Error('no deployment');
  return d;
};

describe('deploymentCard', () => {
  it('counts 502/504 of the window instances within the window plus grace, and the longest burst', () => {
    const events = [
      ...burst('i-1', 10, 13),
      ...burst('i-2', 20, 24),
      ...burst('i-2', 26, 27), // 2 s gap (burstGap 30 s): the same burst
      ...burst('i-2', 20, 24, 'upstream_timeout', 504, 2), // capacity: counted, not a restart burst
      ...burst('i-3', 10, 40), // not in the window's instances
      ...burst('i-1', 10 + 40 + 91, 10 + 40 + 92), // after end + grace
    ];
    const d = deploymentOf({ instances: ['i-1', 'i-2', 'i-3'], windows: [WINDOW] });
    const card = deploymentCard(d, events, ['i-1', 'i-2', 'i-3'], SETTINGS);
    expect(card.covered).toEqual(['i-1', 'i-2']);
    expect(card.perInstance).toEqual([
      { instance: 'i-1', status502: 40, status504: 0, longestBurstMs: 3000, longestBurstCount: 40 },
      { instance: 'i-2', status502: 70, status504: 10, longestBurstMs: 7000, longestBurstCount: 70 },
    ]);
    expect(card.clean).toBe(0);
  });

  it('takes a burst that outlasts the window whole: the instance the deploy left failing', () => {
    const d = deploymentOf({ instances: ['i-1', 'i-2'], windows: [WINDOW] });
    const card = deploymentCard(d, burst('i-2', 35, 300), ['i-1', 'i-2'], SETTINGS);
    expect(card.perInstance.map((s) => [s.instance, s.longestBurstMs])).toEqual([['i-2', 265_000]]);
    expect(card.clean).toBe(1);
  });

  it('covers every instance when the window names none, and caps a window without end', () => {
    const d = deploymentOf({
      instances: ['i-1', 'i-2', 'i-3'],
      windows: [deployWindow({ id: 'd-open', source: 'marker', start: T0 })],
    });
    const card = deploymentCard(d, [], ['i-1', 'i-2', 'i-3'], SETTINGS);
    expect(card.covered).toEqual(['i-1', 'i-2', 'i-3']);
    expect([card.end, card.cappedEnd, card.clean]).toEqual([null, T0 + 3600 * S, 3]);
    expect(card.verdict.word).toBe('no digest yet (not over at the end of the input)');
  });
});

describe('deployment verdicts (buildAnalysis)', () => {
  const notZero = { zeroDowntime: false, total502: 110, total504: 10, failing: [] };
  it.each([
    [
      'zero-downtime digest',
      [],
      { zeroDowntime: true, total502: 0, total504: 0, failing: [] },
      'ok',
      'zero-downtime',
    ],
    ['errors, no page: not zero-downtime', [], notZero, 'notice', 'NOT zero-downtime'],
    [
      'a deployment that left an instance failing',
      [{ deployment: 'd-1', decidedAt: T0 + 30 * S }],
      { ...notZero, failing: ['i-2'] },
      'page',
      'NOT zero-downtime, still failing: i-2',
    ],
    [
      'a fleet restart page during it',
      [{ fleet: true, decidedAt: T0 + 30 * S }],
      notZero,
      'page',
      'NOT zero-downtime',
    ],
    [
      'a fleet capacity page is not about the deployment',
      [{ fleet: true, cause: 'upstream_timeout' as const, decidedAt: T0 + 30 * S }],
      notZero,
      'notice',
      'NOT zero-downtime',
    ],
    [
      'a fleet page long after it',
      [{ fleet: true, decidedAt: T0 + 600 * S }],
      notZero,
      'notice',
      'NOT zero-downtime',
    ],
    [
      'a page about another deployment',
      [{ deployment: 'd-2', decidedAt: T0 + 30 * S }],
      notZero,
      'notice',
      'NOT zero-downtime',
    ],
  ] as const)('%s', (_name, pages, digest, tone, word) => {
    const d = deploymentOf({
      instances: ['i-1', 'i-2'],
      windows: [WINDOW],
      pages,
      digests: { 'd-1': digest },
    });
    expect(d.verdict.tone).toBe(tone);
    expect(d.verdict.word).toBe(word);
    if (tone === 'page') expect(d.verdict.text).toBe('Paged: something | nginx');
    if (tone === 'notice') expect(d.verdict.text).toMatch(/not zero-downtime: 110 × 502 and 10 × 504/);
    const card = deploymentCard(d, [], ['i-1', 'i-2'], SETTINGS);
    expect(card.fix.length > 0).toBe(tone !== 'ok');
    if (tone === 'notice') expect(card.fix).toBe(DEPLOYMENT_FIX);
  });
});

describe('buildReportModel', () => {
  const base = (over: Partial<ReportInput>): ReportInput => ({
    analysis: analysisOf({ instances: [] }),
    timeZone: 'UTC',
    sources: ['a.log'],
    events: [],
    alerts: [],
    settings: SETTINGS,
    ...over,
  });

  it('numbers alerts in the order they were decided, held-back ones included and marked', () => {
    const m = buildReportModel(
      base({
        alerts: [
          page({ decidedAt: T0 + 50 * S, subject: 'b' }),
          page({ decidedAt: T0 + 10 * S, subject: 'a' }),
        ],
        suppressed: [page({ decidedAt: T0 + 20 * S, subject: 'held' })],
      }),
    );
    expect(m.alerts.map((a) => [a.number, a.subject, a.suppressed])).toEqual([
      [1, 'a', false],
      [2, 'held', true],
      [3, 'b', false],
    ]);
    expect(m.verdict).toMatchObject({ tone: 'page', headline: '2 pages: a' });
  });

  it('shows the events and windows with a margin; an alert decided later does not stretch the axis', () => {
    const m = buildReportModel(
      base({
        analysis: analysisOf({ instances: ['i-1'], windows: [WINDOW] }),
        events: burst('i-1', 0, 25),
        alerts: [page({ decidedAt: T0 + 3600 * S })],
      }),
    );
    expect(m.range.start).toBeLessThanOrEqual(T0 - 2000);
    expect(m.range.end).toBeGreaterThanOrEqual(T0 + 42 * S);
    expect(m.range.end).toBeLessThan(T0 + 60 * S);
    expect(m.timeline.bucketMs).toBe(1000);
  });

  it('makes one card per cause present, restart causes first, with counts, instances and samples', () => {
    const m = buildReportModel(
      base({
        events: [
          ...burst('i-1', 0, 1, 'client_closed', null, 5),
          ...burst('i-2', 0, 2),
          ...burst('i-1', 3, 3, 'upstream_timeout', 504, 1),
        ],
        samples: { upstream_refused: ['[error] connect() failed (111: Connection refused)'] },
      }),
    );
    expect(m.causes.map((c) => [c.id, c.count, c.instances])).toEqual([
      ['upstream_refused', 30, ['i-2']],
      ['upstream_timeout', 1, ['i-1']],
      ['client_closed', 10, ['i-1']],
    ]);
    expect(m.causes[0]?.samples).toEqual(['[error] connect() failed (111: Connection refused)']);
    expect(new Set(m.causes.map((c) => c.color)).size).toBe(3);
    expect(m.totals).toMatchObject({ events: 41, status502: 30, status504: 1, instances: 2 });
    expect(m.verdict.tone).toBe('notice');
  });

  it('puts failing and paged instances first and folds the ones without upstream errors into one row', () => {
    const names = Array.from({ length: 12 }, (_, i) => `i-${String(i).padStart(2, '0')}`);
    const analysis = analysisOf({
      instances: names,
      incidents: [
        incident({
          instance: 'i-07',
          cause: 'upstream_refused',
          firstSeen: T0,
          lastSeen: T0 + 5 * S,
          count: 50,
          transient: true,
        }),
        incident({
          instance: 'i-09',
          cause: 'socket_missing',
          firstSeen: T0,
          lastSeen: T0 + 200 * S,
          count: 90,
          alerted: { page: T0 + 100 * S },
        }),
        ...names.map((instance) =>
          incident({
            instance,
            cause: 'client_closed',
            firstSeen: T0,
            lastSeen: T0,
            statusCounts: { none: 1 },
          }),
        ),
      ],
    });
    const events = [
      ...burst('i-07', 0, 5),
      ...burst('i-09', 0, 200, 'socket_missing'),
      ...names.map((instance) => ({
        instance,
        timestamp: T0,
        cause: 'client_closed' as const,
        status: null,
      })),
    ];
    const m = buildReportModel(base({ analysis, events }));
    expect(m.instances.map((i) => [i.instance, i.verdict])).toEqual([
      ['i-09', 'paged'],
      ['i-07', 'transient'],
    ]);
    expect(m.timeline.rows.map((r) => r.instance)).toEqual(['i-09', 'i-07', FOLDED_ROW]);
    expect(m.folded?.instances).toHaveLength(10);
    expect(m.timeline.rows[2]?.total).toBe(10);
    expect(m.totals.instances).toBe(12);
  });

  it('says all is well when there is nothing to say', () => {
    expect(buildReportModel(base({})).verdict).toMatchObject({
      tone: 'ok',
      headline: 'No 502/504 and no alerts in these logs',
    });
  });

  it('rejects an unknown time zone with a typed error', () => {
    expect(() => buildReportModel(base({ timeZone: 'Mars/Olympus' }))).toThrow(ReportTimeZoneError);
  });
});

describe('time zones and the axis', () => {
  it.each([
    ['UTC', Date.UTC(2026, 0, 15), 0, 'UTC'],
    ['Europe/Paris', Date.UTC(2026, 0, 15), 3_600_000, 'UTC+01:00'],
    ['Europe/Paris', Date.UTC(2026, 6, 15), 7_200_000, 'UTC+02:00'],
    ['America/New_York', Date.UTC(2026, 0, 15), -18_000_000, 'UTC-05:00'],
    ['Asia/Kathmandu', Date.UTC(2026, 0, 15), 20_700_000, 'UTC+05:45'],
  ])('%s at %d is %d ms off UTC (%s)', (zone, ms, offset, label) => {
    expect(zoneOffsetMs(ms, zone)).toBe(offset);
    expect(formatOffset(offset)).toBe(label);
  });

  it('checkTimeZone accepts IANA names and refuses others', () => {
    expect(() => checkTimeZone('Europe/Paris')).not.toThrow();
    expect(() => checkTimeZone('Nowhere/Land')).toThrow(ReportTimeZoneError);
  });

  it.each([
    [
      '25 s in UTC: every 5 s, with seconds',
      'UTC',
      T0 + 1000,
      T0 + 26_000,
      ['02:15:05', '02:15:10', '02:15:15', '02:15:20', '02:15:25'],
    ],
    [
      'a day in New York: every 3 h on local round hours',
      'America/New_York',
      Date.UTC(2026, 10, 21, 5),
      Date.UTC(2026, 10, 22, 5),
      ['00:00', '03:00', '06:00', '09:00', '12:00', '15:00', '18:00', '21:00', '00:00'],
    ],
    [
      'Kathmandu hours land on local round hours',
      'Asia/Kathmandu',
      Date.UTC(2026, 0, 1, 0, 0),
      Date.UTC(2026, 0, 1, 8, 0),
      ['06:00', '07:00', '08:00', '09:00', '10:00', '11:00', '12:00', '13:00'],
    ],
  ])('%s', (_name, zone, from, to, labels) => {
    const ticks = axisTicks(from, to, zone, 10);
    expect(ticks.map((t) => t.label)).toEqual(labels);
    for (const t of ticks) {
      expect(t.ms).toBeGreaterThanOrEqual(from);
      expect(t.ms).toBeLessThanOrEqual(to);
    }
    expect(ticks[0]?.date).toBeDefined();
  });

  it('marks the date where the day changes', () => {
    const ticks = axisTicks(Date.UTC(2026, 10, 21, 20), Date.UTC(2026, 10, 22, 4), 'UTC', 10);
    expect(ticks.filter((t) => t.date).map((t) => [t.label, t.date])).toEqual([
      ['20:00', '2026-11-21'],
      ['00:00', '2026-11-22'],
    ]);
  });

  it('keeps ticks increasing and on round local hours across a DST change (Paris, 29 March 2026)', () => {
    const ticks = axisTicks(Date.UTC(2026, 2, 28, 20), Date.UTC(2026, 2, 29, 8), 'Europe/Paris', 12);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]?.ms).toBeGreaterThan(ticks[i - 1]?.ms ?? 0);
    for (const t of ticks) expect(t.label).toMatch(/^\d\d:00$/);
    expect(ticks.map((t) => t.label)).toContain('04:00');
  });
});

describe('alert pins', () => {
  const alert = (number: number, decidedAt: number): NumberedAlert => ({
    ...page({ decidedAt }),
    number,
    suppressed: false,
  });

  it('alerts that fire together share one marker; markers never overlap; every alert is on one', () => {
    // A zone failing: 30 pages in the same second, then a digest 2 px later, then one far away.
    const alerts = [
      ...Array.from({ length: 30 }, (_, i) => alert(i + 1, 1000)),
      alert(31, 1002),
      alert(32, 1300),
      alert(33, 1318),
    ];
    const pins = clusterPins(alerts, (ms) => ms);
    expect(pins.map((p) => p.label)).toEqual(['1–31', '32–33']);
    expect(pins.flatMap((p) => p.alerts.map((a) => a.number))).toEqual(alerts.map((a) => a.number));
    for (let k = 1; k < pins.length; k++) {
      const a = pins[k - 1]!;
      const b = pins[k]!;
      expect(b.x - b.width / 2).toBeGreaterThanOrEqual(a.x + a.width / 2);
    }
  });

  it('keeps alerts apart in time on their own markers', () => {
    const pins = clusterPins([alert(1, 0), alert(2, 100), alert(3, 200)], (ms) => ms);
    expect(pins.map((p) => p.label)).toEqual(['1', '2', '3']);
  });
});
