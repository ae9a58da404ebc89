import { describe, expect, it } from 'vitest';
import { buildInsightsQuery } from '#shared/query/buildInsightsQuery.ts';
import { parseDuration } from '#shared/query/parseDuration.ts';
import { DurationError, QueryValueError } from '#shared/query/QueryError.ts';

const HEAD =
  'fields time, status, count, cause, instance, deployment, upstream, request, logGroup, raw\n| filter type = "upstream_event"';

describe('buildInsightsQuery', () => {
  it.each([
    ['no filter', { limit: 100 }, `${HEAD}\n| sort time desc\n| limit 100`],
    [
      'one cause',
      { causes: ['upstream_refused'], limit: 20 },
      `${HEAD}\n| filter cause = "upstream_refused"\n| sort time desc\n| limit 20`,
    ],
    [
      'several causes and an instance',
      { causes: ['upstream_refused', 'upstream_timeout'], instances: ['i-0abc'], limit: 5 },
      `${HEAD}\n| filter cause in ["upstream_refused", "upstream_timeout"]\n| filter instance = "i-0abc"\n| sort time desc\n| limit 5`,
    ],
    [
      'a deployment',
      { deployments: ['d-ABC123'], limit: 1 },
      `${HEAD}\n| filter deployment = "d-ABC123"\n| sort time desc\n| limit 1`,
    ],
    [
      'a quote cannot close the literal',
      { instances: ['i-1" or cause != "x'], limit: 10 },
      `${HEAD}\n| filter instance = "i-1\\" or cause != \\"x"\n| sort time desc\n| limit 10`,
    ],
    [
      'a backslash cannot escape the closing quote',
      { deployments: ['d-1\\'], limit: 10 },
      `${HEAD}\n| filter deployment = "d-1\\\\"\n| sort time desc\n| limit 10`,
    ],
    [
      'a pipe stays inside the literal',
      { deployments: ['x | stats count(*)'], limit: 10 },
      `${HEAD}\n| filter deployment = "x | stats count(*)"\n| sort time desc\n| limit 10`,
    ],
  ])('%s', (_name, filter, expected) => {
    expect(buildInsightsQuery(filter)).toBe(expected);
  });

  it.each([
    ['a line break', { instances: ['i-1\n| stats count(*)'], limit: 1 }, 'instance'],
    ['an ANSI escape', { deployments: ['\u001b[31md-1'], limit: 1 }, 'deployment'],
    ['an empty value', { causes: [''], limit: 1 }, 'cause'],
    ['an overlong value', { instances: ['i'.repeat(513)], limit: 1 }, 'instance'],
    ['a zero limit', { limit: 0 }, 'limit'],
    ['a limit above Logs Insights cap', { limit: 10_001 }, 'limit'],
  ])('refuses %s, naming the field', (_name, filter, field) => {
    let thrown: unknown;
    try {
      buildInsightsQuery(filter);
    } catch (error: unknown) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(QueryValueError);
    expect((thrown as QueryValueError).field).toBe(field);
  });
});

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['15m', 900],
    ['1h', 3600],
    ['7d', 604_800],
    ['2w', 1_209_600],
  ])('%s is %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', '1', 'h', '1y', '-1h', '1.5h', '0m', '1h30m'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(DurationError);
  });
});
