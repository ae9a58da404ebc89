import { describe, expect, it } from 'vitest';
import { DEFAULT_TTL_DAYS, loadConfig } from '#functions/config.ts';
import { ConfigError } from '#functions/errors.ts';
import { DEFAULT_ENGINE_CONFIG, resolveEngineConfig } from '#shared/engine/config/index.ts';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:upstream-triage-alerts';
const BASE = { TABLE_NAME: 'triage-state', TOPIC_ARN: TOPIC };

describe('loadConfig', () => {
  it('reads a minimal environment with defaults', () => {
    const config = loadConfig(BASE, { requireTopic: true });
    expect(config).toMatchObject({
      tableName: 'triage-state',
      topicArn: TOPIC,
      ttlDays: DEFAULT_TTL_DAYS,
      instancePattern: undefined,
      serviceName: 'upstream-triage',
      metricsNamespace: 'UpstreamTriage',
    });
    expect(config.engine).toEqual(
      resolveEngineConfig({ ...DEFAULT_ENGINE_CONFIG, retention: DEFAULT_TTL_DAYS * 86_400 }),
    );
  });

  it('reads every optional variable', () => {
    const config = loadConfig(
      {
        ...BASE,
        INSTANCE_PATTERN: '^web-(\\w+)$',
        ENGINE_CONFIG: '{"grace": 120, "quiet": 600}',
        TTL_DAYS: '30',
        POWERTOOLS_SERVICE_NAME: 'shop-triage',
        POWERTOOLS_METRICS_NAMESPACE: 'Shop/Triage',
      },
      { requireTopic: true },
    );
    expect(config.instancePattern?.exec('web-blue')?.[1]).toBe('blue');
    // ENGINE_CONFIG states seconds; the functions hold them resolved into ms once, here.
    expect(config.engine).toMatchObject({
      graceMs: 120_000,
      quietMs: 600_000,
      retentionMs: 30 * 86_400_000,
      instancePattern: '^web-(\\w+)$',
    });
    expect(config).toMatchObject({
      ttlDays: 30,
      serviceName: 'shop-triage',
      metricsNamespace: 'Shop/Triage',
    });
  });

  it('takes retention from ENGINE_CONFIG when TTL_DAYS is not set, and TTL_DAYS over it when set', () => {
    const fromJson = loadConfig({ ...BASE, ENGINE_CONFIG: '{"retention": 172800}' }, { requireTopic: true });
    expect(fromJson.engine.retentionMs).toBe(172_800_000);
    expect(fromJson.ttlDays).toBe(2);
    const both = loadConfig(
      { ...BASE, ENGINE_CONFIG: '{"retention": 172800}', TTL_DAYS: '5' },
      { requireTopic: true },
    );
    expect(both.engine.retentionMs).toBe(5 * 86_400_000);
  });

  it('compiles the instance pattern given inside ENGINE_CONFIG too', () => {
    const config = loadConfig(
      { ...BASE, ENGINE_CONFIG: '{"instancePattern": "^(ip-[\\\\d-]+)"}' },
      { requireTopic: true },
    );
    expect(config.instancePattern?.exec('ip-10-0-1-5.ec2.internal')?.[1]).toBe('ip-10-0-1-5');
  });

  it('does not need TOPIC_ARN for deploy-events', () => {
    expect(loadConfig({ TABLE_NAME: 't' }, { requireTopic: false }).topicArn).toBeUndefined();
  });

  it('names every problem at once', () => {
    let error: unknown;
    try {
      loadConfig(
        { TOPIC_ARN: 'not-an-arn', TTL_DAYS: '2.5', INSTANCE_PATTERN: '([', ENGINE_CONFIG: '{"grace": -1}' },
        { requireTopic: true },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect((error as ConfigError).problems).toHaveLength(5);
    for (const name of ['TABLE_NAME', 'TOPIC_ARN', 'TTL_DAYS', 'INSTANCE_PATTERN', 'ENGINE_CONFIG']) {
      expect(problems).toContain(name);
    }
    expect(problems).toContain("'grace'");
  });

  it.each([
    ['missing TABLE_NAME', { TOPIC_ARN: TOPIC }, 'TABLE_NAME'],
    ['blank TABLE_NAME', { TABLE_NAME: '  ', TOPIC_ARN: TOPIC }, 'TABLE_NAME'],
    ['missing TOPIC_ARN', { TABLE_NAME: 't' }, 'TOPIC_ARN'],
    ['ENGINE_CONFIG not JSON', { ...BASE, ENGINE_CONFIG: '{grace: 1}' }, 'ENGINE_CONFIG is not JSON'],
    ['ENGINE_CONFIG an array', { ...BASE, ENGINE_CONFIG: '[1]' }, 'ENGINE_CONFIG must be a JSON object'],
    ['ENGINE_CONFIG unknown key', { ...BASE, ENGINE_CONFIG: '{"gracePeriod": 1}' }, 'gracePeriod'],
    ['TTL_DAYS zero', { ...BASE, TTL_DAYS: '0' }, 'TTL_DAYS'],
    ['TTL_DAYS text', { ...BASE, TTL_DAYS: 'two weeks' }, 'TTL_DAYS'],
  ])('rejects %s', (_name, env, fragment) => {
    expect(() => loadConfig(env, { requireTopic: true })).toThrow(fragment);
  });
});
