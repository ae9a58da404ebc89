import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_FILTER_PATTERN, loadStackConfig, type StackConfig } from '../../cdk/config.ts';

const VALID = { logGroups: '/ec2/nginx/error', alertEmails: 'ops@example.com' };

function load(context: Record<string, unknown>, files: Record<string, string> = {}): StackConfig {
  return loadStackConfig((key) => context[key], {
    fileExists: (path) => path in files,
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
      return text;
    },
  });
}

function problemsOf(context: Record<string, unknown>, files: Record<string, string> = {}): readonly string[] {
  try {
    load(context, files);
  } catch (error: unknown) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadStackConfig', () => {
  it('reads -c strings: comma lists, numbers, JSON thresholds; defaults the rest', () => {
    const config = load({
      logGroups: ' /ec2/nginx/error , /aws/elasticbeanstalk/prod/var/log/nginx/error.log ',
      alertEmails: 'ops@example.com,oncall+web@example.org',
      logRetentionDays: '90',
      ttlDays: '30',
      thresholds: '{"grace":120,"quiet":600}',
      instancePattern: '^(i-[0-9a-f]+)',
    });
    expect(config).toEqual({
      stackName: 'UpstreamTriage',
      logGroups: ['/ec2/nginx/error', '/aws/elasticbeanstalk/prod/var/log/nginx/error.log'],
      alertEmails: ['ops@example.com', 'oncall+web@example.org'],
      instancePattern: '^(i-[0-9a-f]+)',
      thresholds: { grace: 120, quiet: 600 },
      logRetentionDays: RetentionDays.THREE_MONTHS,
      filterPattern: DEFAULT_FILTER_PATTERN,
      ttlDays: 30,
      unparsedAlarmPercent: 5,
      destination: 'lambda',
      kinesis: { batchSize: 100, batchWindowSeconds: 5, parallelizationFactor: 2, retryAttempts: 5 },
      sourceAccounts: [],
      accountPolicy: false,
      accountPolicyExclude: [],
      heartbeatMinutes: 30,
      operationsEmails: ['ops@example.com', 'oncall+web@example.org'],
      chatTopic: false,
      reservedConcurrency: 20,
      fleetSizes: {},
      deployScopes: {},
    });
  });

  it('reads cdk.json values: arrays, numbers and objects', () => {
    const config = load({
      logGroups: ['/a', '/b'],
      alertEmails: ['ops@example.com'],
      logRetentionDays: 7,
      thresholds: { fleetFraction: 0.3 },
    });
    expect(config.logGroups).toEqual(['/a', '/b']);
    expect(config.logRetentionDays).toBe(RetentionDays.ONE_WEEK);
    expect(config.thresholds).toEqual({ fleetFraction: 0.3 });
  });

  it('reads a configFile, and a -c value wins over the file', () => {
    const file = JSON.stringify({ logGroups: ['/from/file'], alertEmails: 'file@example.com', ttlDays: 3 });
    const config = load(
      { configFile: 'triage.json', alertEmails: 'cli@example.com' },
      { 'triage.json': file },
    );
    expect(config.logGroups).toEqual(['/from/file']);
    expect(config.alertEmails).toEqual(['cli@example.com']);
    expect(config.ttlDays).toBe(3);
  });

  it('needs no e-mail when an existing topic is given', () => {
    const arn = 'arn:aws:sns:eu-west-1:123456789012:ops-alerts';
    expect(load({ logGroups: '/a', alertTopicArn: arn })).toMatchObject({
      alertTopicArn: arn,
      alertEmails: [],
    });
  });

  it.each([
    ['logGroups missing', { alertEmails: 'ops@example.com' }, 'logGroups: required'],
    ['logGroups empty list', { ...VALID, logGroups: ' , ' }, 'logGroups: at least one'],
    [
      'logGroups bad name',
      { ...VALID, logGroups: '/ok,bad group!' },
      "logGroups: 'bad group!' is not a log group name",
    ],
    [
      'logGroups own group',
      { ...VALID, logGroups: '/upstream-triage/UpstreamTriage/classified-events' },
      'invoke itself',
    ],
    ['logGroups twice', { ...VALID, logGroups: '/a,/a' }, "logGroups: '/a' is listed twice"],
    ['logGroups not a list', { ...VALID, logGroups: 42 }, 'logGroups: expected a comma-separated list'],
    ['alertEmails missing', { logGroups: '/a' }, 'alertEmails: required unless alertTopicArn'],
    [
      'alertEmails bad',
      { ...VALID, alertEmails: 'ops@example.com,not-an-email' },
      "alertEmails: 'not-an-email'",
    ],
    [
      'alertTopicArn not SNS',
      { ...VALID, alertTopicArn: 'arn:aws:s3:::bucket' },
      'alertTopicArn: expected an SNS topic ARN',
    ],
    ['kmsKeyArn alias', { ...VALID, kmsKeyArn: 'alias/ops' }, 'kmsKeyArn: expected a KMS key ARN'],
    ['instancePattern invalid', { ...VALID, instancePattern: '(i-' }, "instancePattern: '(i-'"],
    ['thresholds not JSON', { ...VALID, thresholds: '{grace:1}' }, 'thresholds: expected a JSON object'],
    ['thresholds array', { ...VALID, thresholds: [1] }, 'thresholds: expected a JSON object'],
    [
      'thresholds unknown key',
      { ...VALID, thresholds: '{"graceSeconds":60}' },
      'thresholds.graceSeconds: unknown',
    ],
    [
      'thresholds out of range',
      { ...VALID, thresholds: '{"quiet":0}' },
      "thresholds.quiet: engine config 'quiet' must be",
    ],
    ['thresholds not a number', { ...VALID, thresholds: '{"grace":"90"}' }, 'thresholds.grace:'],
    [
      'thresholds retention',
      { ...VALID, thresholds: '{"retention":86400}' },
      'thresholds.retention: set ttlDays',
    ],
    [
      'logRetentionDays not a retention',
      { ...VALID, logRetentionDays: '42' },
      "logRetentionDays: '42' is not",
    ],
    [
      'filterPattern unbalanced',
      { ...VALID, filterPattern: '?"[error]' },
      'filterPattern: unbalanced double quote',
    ],
    [
      'filterPattern too long',
      { ...VALID, filterPattern: 'x'.repeat(1025) },
      'filterPattern: 1025 characters',
    ],
    ['ttlDays zero', { ...VALID, ttlDays: '0' }, 'ttlDays: expected a whole number from 1 to 366'],
    ['ttlDays fraction', { ...VALID, ttlDays: 1.5 }, 'ttlDays: expected a whole number'],
    [
      'unparsedAlarmPercent above 100',
      { ...VALID, unparsedAlarmPercent: '150' },
      'unparsedAlarmPercent: expected a number',
    ],
    ['stackName bad', { ...VALID, stackName: '1-stack' }, 'stackName: expected a letter'],
    ['configFile missing', { configFile: 'nope.json' }, 'configFile: cannot read nope.json'],
  ])('%s: names the value', (_name, context, expected) => {
    const problems = problemsOf(context);
    expect(
      problems.some((p) => p.includes(expected)),
      `problems: ${JSON.stringify(problems)}`,
    ).toBe(true);
  });

  it.each([
    ['not JSON', '{', 'configFile: c.json is not JSON'],
    ['not an object', '[1]', 'configFile: c.json must hold a JSON object'],
    [
      'unknown key',
      '{"logGroups":"/a","alertEmails":"a@b.co","logGroup":"/typo"}',
      'unknown key(s) logGroup',
    ],
  ])('configFile %s: names the file', (_name, text, expected) => {
    const problems = problemsOf({ configFile: 'c.json' }, { 'c.json': text });
    expect(
      problems.some((p) => p.includes(expected)),
      `problems: ${JSON.stringify(problems)}`,
    ).toBe(true);
  });

  it('lists every wrong value at once, in one ConfigError message', () => {
    const bad = { logGroups: 'bad group!', alertEmails: 'nope', logRetentionDays: 2, ttlDays: 'x' };
    expect(() => load(bad)).toThrow(ConfigError);
    const problems = problemsOf(bad);
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'logGroups',
      'alertEmails',
      'logRetentionDays',
      'ttlDays',
    ]);
    // One message names them all.
    for (const key of ['logGroups', 'alertEmails', 'logRetentionDays', 'ttlDays']) {
      expect(() => load(bad)).toThrow(key);
    }
  });
});
