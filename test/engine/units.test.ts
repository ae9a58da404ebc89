import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_CONFIG, validateEngineConfig } from '#shared/engine/config/EngineConfig.ts';
import { EngineConfigError } from '#shared/engine/config/EngineError.ts';
import { DURATION_KEYS, engineSettings, resolveEngineConfig } from '#shared/engine/config/EngineSettings.ts';
import { detectFleetOutage } from '#shared/engine/fleet/detectFleetOutage.ts';
import { instanceFromStream } from '#shared/engine/ingest/instanceFromStream.ts';
import { maskSample } from '#shared/engine/store/maskSample.ts';
import { inferRollingWaves } from '#shared/engine/windows/inferRollingWaves.ts';
import type { InstanceBurst } from '#shared/engine/windows/mergeBursts.ts';
import { mergeBursts } from '#shared/engine/windows/mergeBursts.ts';
import type { InstanceActivity } from '#shared/model/index.ts';
import { config } from './support.ts';

describe('instanceFromStream', () => {
  it.each([
    [
      'the CloudWatch agent default: the instance id',
      'i-0123456789abcdef0',
      undefined,
      'i-0123456789abcdef0',
    ],
    ['an instance id inside a longer name', 'web/i-0abc12345/nginx-error', undefined, 'i-0abc12345'],
    ['an 8-digit legacy id', 'i-0abc1234', undefined, 'i-0abc1234'],
    ['no id: the whole stream name', 'ip-10-0-1-5.ec2.internal', undefined, 'ip-10-0-1-5.ec2.internal'],
    ['a pattern with a capture group', 'ip-10-0-1-5.ec2.internal', /^ip-([\d-]+)\./, '10-0-1-5'],
    ['a pattern without a group: its match', 'host-web-7-error', /web-\d+/, 'web-7'],
    ['a pattern that does not match falls back to the id', 'x/i-0abc12345', /^nomatch-(.*)$/, 'i-0abc12345'],
    ['an uppercase look-alike is not an id', 'I-0ABC12345', undefined, 'I-0ABC12345'],
  ])('%s', (_name, stream, pattern, expected) => {
    expect(instanceFromStream(stream, pattern)).toBe(expected);
  });
});

describe('maskSample', () => {
  it.each([
    [
      'drops the timestamp, pid and connection id; masks client, port and ids in paths',
      '2026/11/03 10:00:00 [error] 4711#4711: *93 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.3.21, server: shop, request: "GET /api/orders/10428 HTTP/1.1", upstream: "http://10.1.0.5:8000/api/orders/10428", host: "shop"',
      '[error] connect() failed (111: Connection refused) while connecting to upstream, client: <ip>, server: shop, request: "GET /api/orders/<num> HTTP/1.1", upstream: "http://<ip>:<num>/api/orders/<num>", host: "shop"',
    ],
    [
      'IPv6 client and upstream',
      'client: 2001:db8::1, upstream: "http://[fe80::1ff:fe23:4567:890a]:80/"',
      'client: <ip>, upstream: "http://[<ip>]:<num>/"',
    ],
    [
      'uuid and request id',
      'request_id 3f2b9c1e-8a7d-4c3b-9e1f-0a2b3c4d5e6f trace 9f86d081884c7d65',
      'request_id <id> trace <id>',
    ],
    [
      'EC2 instance id and hex pointer',
      'socket /tmp/nginx-i-0c2d4e6f8a0b10003-x.sock at 0x7ffd2c',
      'socket /tmp/nginx-<id>-x.sock at <id>',
    ],
    [
      'keeps words, HTTP versions and errno',
      'recv() failed (104: Connection reset by peer) HTTP/2.0',
      'recv() failed (104: Connection reset by peer) HTTP/2.0',
    ],
    ['does not eat clock times as IPv6', 'at 12:30:45 retry', 'at <num>:<num>:<num> retry'],
  ])('%s', (_name, raw, masked) => {
    expect(maskSample(raw)).toBe(masked);
  });

  it('makes lines that differ only in variable parts identical', () => {
    const a = maskSample(
      '2026/11/03 10:00:00 [error] 1#1: *5 upstream timed out (110: Connection timed out), client: 1.2.3.4, request: "GET /x/17"',
    );
    const b = maskSample(
      '2026/11/03 11:12:13 [error] 9#9: *77 upstream timed out (110: Connection timed out), client: 5.6.7.8, request: "GET /x/4242"',
    );
    expect(a).toBe(b);
  });
});

describe('resolveEngineConfig: seconds in the contract, milliseconds in the engine', () => {
  it('turns every duration into its ...Ms twin and keeps every other key as it is', () => {
    const config = validateEngineConfig({ grace: 120, quiet: 42.5, fleetFraction: 0.3, flapCount: 4 });
    const settings = resolveEngineConfig(config) as unknown as Record<string, unknown>;
    for (const key of DURATION_KEYS) {
      expect(settings[`${key}Ms`]).toBe(config[key] * 1000);
      expect(settings).not.toHaveProperty(key);
    }
    for (const [key, value] of Object.entries(config)) {
      if (!(DURATION_KEYS as readonly string[]).includes(key)) expect(settings[key]).toEqual(value);
    }
    expect(settings.graceMs).toBe(120_000);
    expect(settings.quietMs).toBe(42_500);
  });

  it('lists every numeric duration of the config: no seconds reach the engine unconverted', () => {
    const numeric = Object.keys(DEFAULT_ENGINE_CONFIG).filter(
      (k) => typeof DEFAULT_ENGINE_CONFIG[k as keyof typeof DEFAULT_ENGINE_CONFIG] === 'number',
    );
    const counts = ['fleetFraction', 'fleetMinInstances', 'flapCount', 'capacityThreshold'];
    expect([...DURATION_KEYS].sort()).toEqual(numeric.filter((k) => !counts.includes(k)).sort());
  });

  it('engineSettings validates first: a bad value is the same EngineConfigError', () => {
    expect(engineSettings({ grace: 5 }).graceMs).toBe(5000);
    expect(() => engineSettings({ grace: -1 })).toThrow(EngineConfigError);
  });
});

describe('validateEngineConfig', () => {
  it('fills in the defaults', () => {
    expect(validateEngineConfig(undefined)).toEqual(DEFAULT_ENGINE_CONFIG);
    expect(validateEngineConfig({ grace: 120 })).toEqual({ ...DEFAULT_ENGINE_CONFIG, grace: 120 });
  });

  it.each([
    ['an unknown key', { gracePeriod: 90 }, 'gracePeriod'],
    ['a string number', { quiet: '300' }, 'quiet'],
    ['a negative duration', { grace: -1 }, 'grace'],
    ['NaN', { cooldown: Number.NaN }, 'cooldown'],
    ['a fraction above 1', { fleetFraction: 1.5 }, 'fleetFraction'],
    ['a non-integer count', { capacityThreshold: 2.5 }, 'capacityThreshold'],
    ['a capacity window longer than the kept buckets', { capacityWindow: 7200 }, 'capacityWindow'],
    ['an invalid RegExp', { instancePattern: '(' }, 'instancePattern'],
    ['an array', [1, 2], '(root)'],
    ['a string', 'grace=90', '(root)'],
  ])('names the key of %s', (_name, input, key) => {
    try {
      validateEngineConfig(input);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(EngineConfigError);
      expect((error as EngineConfigError).key).toBe(key);
      expect((error as Error).message).toContain(key === '(root)' ? 'JSON object' : key);
    }
  });
});

const b = (instance: string, start: number, end: number): InstanceBurst => ({
  instance,
  start: start * 1000,
  end: end * 1000,
  count: 1,
  causes: ['upstream_refused'],
});

describe('detectFleetOutage', () => {
  const cfg = config();
  it.each([
    ['three instances failing together', [b('a', 0, 30), b('b', 1, 30), b('c', 2, 29)], 3, ['a', 'b', 'c']],
    ['one after another (a rolling restart)', [b('a', 0, 4), b('b', 7, 11), b('c', 14, 18)], 3, undefined],
    ['overlap within the tolerance', [b('a', 0, 10), b('b', 6, 16)], 2, undefined],
    ['two of four is half the fleet', [b('a', 0, 30), b('b', 0, 30)], 4, ['a', 'b']],
    ['two of five is not', [b('a', 0, 30), b('b', 0, 30)], 5, undefined],
    ['a single instance is never a fleet', [b('a', 0, 300)], 1, undefined],
    ['starts further apart than the fleet window', [b('a', 0, 300), b('b', 120, 300)], 2, undefined],
  ] as const)('%s', (_name, bursts, active, expected) => {
    const found = detectFleetOutage([...bursts], active, 0, cfg);
    expect(found?.instances).toEqual(expected);
  });

  it('does not find an outage that ended before `since` again', () => {
    expect(detectFleetOutage([b('a', 0, 30), b('b', 0, 30)], 2, 31_000, cfg)).toBeUndefined();
  });
});

describe('inferRollingWaves', () => {
  const cfg = config();
  it.each([
    ['short bursts one after another', [b('a', 0, 4), b('b', 7, 11), b('c', 14, 18)], [['a', 'b', 'c']]],
    ['one instance restarting twice is no wave', [b('a', 0, 4), b('a', 60, 64)], []],
    [
      'a long burst does not join (nor break) the wave',
      [b('a', 0, 4), b('c', 5, 300), b('b', 10, 14)],
      [['a', 'b']],
    ],
    ['concurrent bursts do not join', [b('a', 0, 20), b('b', 2, 22)], []],
    ['too far apart: two separate blips', [b('a', 0, 4), b('b', 400, 404)], []],
    [
      'two waves',
      [b('a', 0, 4), b('b', 10, 14), b('c', 1000, 1004), b('d', 1010, 1014)],
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
  ] as const)('%s', (_name, bursts, expected) => {
    const waves = inferRollingWaves([...bursts], 10_000_000, cfg);
    expect(waves.map((w) => w.instances)).toEqual(expected);
  });

  it('waits until a burst is over before calling it short', () => {
    const bursts = [b('a', 0, 4), b('b', 10, 14)];
    expect(inferRollingWaves(bursts, 20_000, cfg)).toEqual([]);
    expect(inferRollingWaves(bursts, 44_000, cfg)).toHaveLength(1);
  });
});

describe('mergeBursts', () => {
  const record = (batchId: string, bursts: [number, number][]): InstanceActivity => ({
    logGroup: 'g',
    instance: 'a',
    batchId,
    firstSeen: bursts[0]![0] * 1000,
    lastSeen: bursts.at(-1)![1] * 1000,
    events: bursts.length,
    restartBursts: bursts.map(([s, e]) => ({
      start: s * 1000,
      end: e * 1000,
      count: 2,
      causes: ['upstream_refused'],
    })),
    statusByMinute: {},
    lifecycle: [],
    expiresAt: 0,
  });
  it('joins bursts across batches, in any order, and counts a redelivered batch once', () => {
    const merged = mergeBursts(
      [
        record('b2', [[12, 20]]),
        record('b1', [[0, 10]]),
        record('b1', [[0, 10]]),
        record('b3', [[200, 210]]),
      ],
      config(),
    );
    expect(merged.get('a')?.map((x) => [x.start / 1000, x.end / 1000, x.count])).toEqual([
      [0, 20, 4],
      [200, 210, 2],
    ]);
  });
});
