import { readFileSync } from 'node:fs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { validateEngineConfig } from '#shared/engine/EngineConfig.ts';
import { EngineConfigError } from '#shared/engine/EngineError.ts';
import { DEFAULT_STACK_NAME, OWN_LOG_GROUP_PREFIX } from '#shared/query/classifiedEventsLogGroupName.ts';
import { ConfigError } from '#shared/UpstreamTriageError.ts';

/**
 * The subscription filter applied to every configured nginx error log group.
 *
 * Every line that matches is Lambda work we pay for, so the default keeps the levels that matter:
 * - `[error]`, `[crit]`, `[alert]`, `[emerg]`: every upstream failure nginx turns into a 502/504
 *   is logged at `error` (refused, timed out, closed, reset, no live upstreams) or `crit`
 *   (unix socket missing or not permitted, SELinux, port exhaustion); `alert`/`emerg` carry
 *   worker crashes, fd exhaustion and configs that will not load.
 * - `[notice]`: nginx's own lifecycle (`signal process started`, `start worker processes`,
 *   `gracefully shutting down`, `exiting`). Low volume (a dozen lines per reload) and the
 *   evidence the deploy heuristics use to tell a restart from an outage.
 * - Not `[warn]`: dominated by `an upstream response is buffered to a temporary file` (one line per
 *   large response on a busy host); its only upstream message, `upstream server temporarily
 *   disabled`, always follows the `[error]` line of the same failure.
 * - Not `[info]`: client-side chatter (`client closed connection`, client TLS handshakes), which is
 *   no upstream failure and can outnumber everything else.
 * Terms are case-sensitive and quoted because of the brackets; `?` means OR.
 */
export const DEFAULT_FILTER_PATTERN = '?"[error]" ?"[crit]" ?"[alert]" ?"[emerg]" ?"[notice]"';

/** Every context key the app reads; anything else in `-c` is not ours and is ignored. */
export const CONFIG_KEYS = [
  'configFile',
  'stackName',
  'logGroups',
  'alertEmails',
  'alertTopicArn',
  'kmsKeyArn',
  'instancePattern',
  'thresholds',
  'logRetentionDays',
  'filterPattern',
  'ttlDays',
  'unparsedAlarmPercent',
] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

/** The validated configuration of one stack. */
export interface StackConfig {
  stackName: string;
  /** nginx error log groups to subscribe to, in the order given, without duplicates. */
  logGroups: readonly string[];
  /** Addresses subscribed to the alert topic (each must confirm by e-mail). */
  alertEmails: readonly string[];
  /** Publish to this existing topic instead of creating one; its owner manages its policies. */
  alertTopicArn?: string;
  /** Encrypt the alert topic with this customer-managed key instead of a key the stack creates. */
  kmsKeyArn?: string;
  /** Source of a regular expression that extracts the instance id from the log stream name. */
  instancePattern?: string;
  /** Incident engine thresholds (`EngineConfig` keys, seconds), passed to the functions as `ENGINE_CONFIG`. */
  thresholds: Readonly<Record<string, number>>;
  logRetentionDays: RetentionDays;
  filterPattern: string;
  /** Days a state item lives before DynamoDB's TTL removes it. */
  ttlDays: number;
  /** Alarm when more than this percentage of the lines forwarded to ingest do not parse. */
  unparsedAlarmPercent: number;
}

/** The configuration is wrong; `problems` lists every wrong value, each naming its key. */
export { ConfigError };

export type TryGetContext = (key: string) => unknown;

export interface LoadStackConfigOptions {
  /** Reads the `configFile`; tests pass their own. */
  readFile?: (path: string) => string;
}

const LOG_GROUP_NAME = /^[A-Za-z0-9._\-/#]{1,512}$/;
// Deliberately plain: the address only has to be one SNS accepts, not RFC 5322 in full.
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const KMS_KEY_ARN =
  /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const RETENTION_DAYS: ReadonlySet<number> = new Set(
  Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'),
);
/** Keeps the template well under CloudFormation's 500 resources (one filter per log group). */
const MAX_LOG_GROUPS = 200;
const MAX_FILTER_PATTERN = 1024;

/**
 * Reads the app's context once into a validated {@link StackConfig}.
 *
 * Values come from `-c key=value` (strings), `cdk.json` `context` (JSON values) or a JSON file
 * named by `-c configFile=path.json`; a key given in the context wins over the file.
 * Lists accept a comma-separated string or a JSON array.
 *
 * @throws ConfigError naming every wrong value at once.
 * @example
 * loadStackConfig((key) => app.node.tryGetContext(key));
 * // cdk synth -c logGroups=/ec2/nginx/error -c alertEmails=ops@example.com
 */
export function loadStackConfig(
  tryGetContext: TryGetContext,
  options: LoadStackConfigOptions = {},
): StackConfig {
  const problems: string[] = [];
  const file = readConfigFile(tryGetContext('configFile'), options.readFile ?? readUtf8, problems);
  const get = (key: ConfigKey): unknown => {
    const fromContext = tryGetContext(key);
    return fromContext !== undefined ? fromContext : file[key];
  };

  const stackName = readStackName(get('stackName'), problems);
  const logGroups = readLogGroups(get('logGroups'), problems);
  const alertTopicArn = readOptionalPattern(
    get('alertTopicArn'),
    'alertTopicArn',
    SNS_TOPIC_ARN,
    'an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)',
    problems,
  );
  const kmsKeyArn = readOptionalPattern(
    get('kmsKeyArn'),
    'kmsKeyArn',
    KMS_KEY_ARN,
    'a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>); aliases cannot carry grants',
    problems,
  );
  const alertEmails = readEmails(get('alertEmails'), alertTopicArn !== undefined, problems);
  const instancePattern = readInstancePattern(get('instancePattern'), problems);
  const thresholds = readThresholds(get('thresholds'), problems);
  const logRetentionDays = readRetention(get('logRetentionDays'), problems);
  const filterPattern = readFilterPattern(get('filterPattern'), problems);
  const ttlDays = readNumber(
    get('ttlDays'),
    'ttlDays',
    { min: 1, max: 366, integer: true, fallback: 14 },
    problems,
  );
  const unparsedAlarmPercent = readNumber(
    get('unparsedAlarmPercent'),
    'unparsedAlarmPercent',
    { min: 0.01, max: 100, integer: false, fallback: 5 },
    problems,
  );

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    stackName,
    logGroups,
    alertEmails,
    ...(alertTopicArn !== undefined && { alertTopicArn }),
    ...(kmsKeyArn !== undefined && { kmsKeyArn }),
    ...(instancePattern !== undefined && { instancePattern }),
    thresholds,
    logRetentionDays,
    filterPattern,
    ttlDays,
    unparsedAlarmPercent,
  };
}

function readUtf8(path: string): string {
  return readFileSync(path, 'utf8');
}

function readConfigFile(
  value: unknown,
  readFile: (path: string) => string,
  problems: string[],
): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'string' || value === '') {
    problems.push(`configFile: expected the path of a JSON file, got ${describe(value)}`);
    return {};
  }
  let text: string;
  try {
    text = readFile(value);
  } catch (error: unknown) {
    problems.push(
      `configFile: cannot read ${value}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error: unknown) {
    problems.push(
      `configFile: ${value} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
    return {};
  }
  if (!isPlainObject(parsed)) {
    problems.push(`configFile: ${value} must hold a JSON object of settings`);
    return {};
  }
  const unknownKeys = Object.keys(parsed).filter(
    (key) => !(CONFIG_KEYS as readonly string[]).includes(key) || key === 'configFile',
  );
  if (unknownKeys.length > 0) {
    problems.push(
      `configFile: ${value} has unknown key(s) ${unknownKeys.join(', ')}; known: ${CONFIG_KEYS.slice(1).join(', ')}`,
    );
  }
  return parsed;
}

function readStackName(value: unknown, problems: string[]): string {
  if (value === undefined) return DEFAULT_STACK_NAME;
  if (typeof value === 'string' && STACK_NAME.test(value)) return value;
  problems.push(
    `stackName: expected a letter then letters, digits or '-' (at most 128), got ${describe(value)}`,
  );
  return DEFAULT_STACK_NAME;
}

function readLogGroups(value: unknown, problems: string[]): string[] {
  if (value === undefined) {
    problems.push(
      'logGroups: required: the nginx error log groups to watch, e.g. -c logGroups=/ec2/nginx/error,/aws/elasticbeanstalk/prod/var/log/nginx/error.log',
    );
    return [];
  }
  const list = readList(value, 'logGroups', problems);
  if (list === undefined) return [];
  if (list.length === 0) problems.push('logGroups: at least one log group is required');
  if (list.length > MAX_LOG_GROUPS)
    problems.push(`logGroups: ${list.length} log groups; at most ${MAX_LOG_GROUPS} fit one stack`);
  const seen = new Set<string>();
  for (const name of list) {
    if (!LOG_GROUP_NAME.test(name)) {
      problems.push(
        `logGroups: '${name}' is not a log group name (1-512 of letters, digits, '.', '_', '-', '/', '#')`,
      );
    } else if (name.startsWith(OWN_LOG_GROUP_PREFIX)) {
      problems.push(
        `logGroups: '${name}' is written by this stack; subscribing it would make ingest invoke itself`,
      );
    } else if (seen.has(name)) {
      problems.push(`logGroups: '${name}' is listed twice`);
    }
    seen.add(name);
  }
  return [...seen];
}

function readEmails(value: unknown, hasExistingTopic: boolean, problems: string[]): string[] {
  if (value === undefined || value === '') {
    if (!hasExistingTopic) {
      problems.push(
        'alertEmails: required unless alertTopicArn is given: who receives the alerts, e.g. -c alertEmails=ops@example.com',
      );
    }
    return [];
  }
  const list = readList(value, 'alertEmails', problems) ?? [];
  for (const email of list) {
    if (!EMAIL.test(email)) problems.push(`alertEmails: '${email}' is not an e-mail address`);
  }
  return [...new Set(list)];
}

function readInstancePattern(value: unknown, problems: string[]): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') {
    problems.push(`instancePattern: expected a regular expression source, got ${describe(value)}`);
    return undefined;
  }
  try {
    validateEngineConfig({ instancePattern: value });
  } catch (error: unknown) {
    if (!(error instanceof EngineConfigError)) throw error;
    problems.push(`instancePattern: '${value}': ${error.message}`);
    return undefined;
  }
  return value;
}

function readThresholds(value: unknown, problems: string[]): Record<string, number> {
  if (value === undefined || value === '') return {};
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      problems.push(`thresholds: expected a JSON object such as {"grace":120}, got ${describe(value)}`);
      return {};
    }
  }
  if (!isPlainObject(parsed)) {
    problems.push(`thresholds: expected a JSON object of engine thresholds, got ${describe(value)}`);
    return {};
  }
  const thresholds: Record<string, number> = {};
  for (const [key, n] of Object.entries(parsed)) {
    // Both have settings of their own, which the functions let win over ENGINE_CONFIG.
    if (key === 'instancePattern' || key === 'retention') {
      const own = key === 'retention' ? 'ttlDays' : 'instancePattern';
      problems.push(`thresholds.${key}: set ${own} instead (-c ${own}=...)`);
      continue;
    }
    // The engine's own validation, one key at a time so every wrong key is reported, not the first.
    try {
      validateEngineConfig({ [key]: n });
      thresholds[key] = n as number;
    } catch (error: unknown) {
      if (!(error instanceof EngineConfigError)) throw error;
      problems.push(`thresholds.${key}: ${error.message}`);
    }
  }
  return thresholds;
}

function readRetention(value: unknown, problems: string[]): RetentionDays {
  if (value === undefined) return RetentionDays.ONE_MONTH;
  const days = toNumber(value);
  if (days !== undefined && RETENTION_DAYS.has(days)) return days as RetentionDays;
  problems.push(
    `logRetentionDays: ${describe(value)} is not a CloudWatch Logs retention; one of ${[...RETENTION_DAYS].join(', ')}`,
  );
  return RetentionDays.ONE_MONTH;
}

function readFilterPattern(value: unknown, problems: string[]): string {
  if (value === undefined) return DEFAULT_FILTER_PATTERN;
  if (typeof value !== 'string') {
    problems.push(`filterPattern: expected a CloudWatch Logs filter pattern string, got ${describe(value)}`);
    return DEFAULT_FILTER_PATTERN;
  }
  if (value.length > MAX_FILTER_PATTERN) {
    problems.push(
      `filterPattern: ${value.length} characters; CloudWatch Logs accepts at most ${MAX_FILTER_PATTERN}`,
    );
  }
  // An unbalanced quote makes PutSubscriptionFilter fail at deploy time, long after synth.
  if ((value.match(/"/g) ?? []).length % 2 !== 0)
    problems.push(`filterPattern: unbalanced double quote in '${value}'`);
  return value;
}

function readNumber(
  value: unknown,
  key: ConfigKey,
  rule: { min: number; max: number; integer: boolean; fallback: number },
  problems: string[],
): number {
  if (value === undefined) return rule.fallback;
  const n = toNumber(value);
  if (n === undefined || n < rule.min || n > rule.max || (rule.integer && !Number.isInteger(n))) {
    problems.push(
      `${key}: expected ${rule.integer ? 'a whole number' : 'a number'} from ${rule.min} to ${rule.max}, got ${describe(value)}`,
    );
    return rule.fallback;
  }
  return n;
}

function readOptionalPattern(
  value: unknown,
  key: ConfigKey,
  pattern: RegExp,
  what: string,
  problems: string[],
): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && pattern.test(value)) return value;
  problems.push(`${key}: expected ${what}, got ${describe(value)}`);
  return undefined;
}

/** A comma-separated string or an array of strings, trimmed, empty items dropped. */
function readList(value: unknown, key: ConfigKey, problems: string[]): string[] | undefined {
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (items === undefined || items.some((item) => typeof item !== 'string')) {
    problems.push(
      `${key}: expected a comma-separated list or a JSON array of strings, got ${describe(value)}`,
    );
    return undefined;
  }
  return (items as string[]).map((item) => item.trim()).filter((item) => item !== '');
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
