import { existsSync, readFileSync } from 'node:fs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EngineConfigError, validateEngineConfig } from '#shared/engine/index.ts';
import { DEFAULT_STACK_NAME, OWN_LOG_GROUP_PREFIX } from '#shared/query/index.ts';
import { ConfigError } from '#shared/UpstreamTriageError.ts';

/**
 * The subscription filter applied to every configured nginx error log group: every event EXCEPT
 * those tagged `[warn]`, `[info]` or `[debug]`.
 *
 * Written as exclusions, not as a list of the levels that matter, because of multi-line entries: a
 * FastCGI stderr trace (a PHP fatal error with its stack trace) spans several lines and only the
 * first carries a level; the CloudWatch agent ships the others as separate events (only lines that
 * start with whitespace are appended to the previous event). A pattern such as
 * `?"[error]" ?"[crit]"` drops those continuation lines, and with them the entry's `request`,
 * `upstream` and `client` fields, which nginx writes at the END of the last line. Exclusions let
 * them through, so ingest reassembles the entry whole. What passes, and why:
 * - `[error]`, `[crit]`, `[alert]`, `[emerg]`: every upstream failure nginx turns into a 502/504
 *   (refused, timed out, closed, reset, no live upstreams, unix socket missing or not permitted);
 *   worker crashes, fd exhaustion, configs that will not load.
 * - `[notice]`: nginx's own lifecycle (reloads, restarts, shutdowns), the evidence the deploy
 *   heuristics use to tell a restart from an outage. Low volume.
 * - Lines without a level: continuation lines, and junk, which ingest counts as unparsed (the
 *   unparsed alarm sees a format change instead of a silent drop).
 * What is dropped:
 * - `[warn]`: dominated by `an upstream response is buffered to a temporary file` (one line per
 *   large response on a busy host); its only upstream message, `upstream server temporarily
 *   disabled`, always follows the `[error]` line of the same failure.
 * - `[info]`, `[debug]`: client-side chatter (`client closed connection`, client TLS handshakes).
 * Every matched event is Lambda (or Kinesis) work we pay for. Terms are case-sensitive and quoted
 * because of the brackets; `-` excludes. Agents configured with a multi-line start pattern (see
 * docs/deploy.md) ship an entry as one event and need nothing from the pattern.
 */
export const DEFAULT_FILTER_PATTERN = '-"[warn]" -"[info]" -"[debug]"';

/** The config file read when no `configFile` is given and it exists in the working directory. */
export const DEFAULT_CONFIG_FILE = 'upstream-triage.config.json';

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
  'destination',
  'kinesisBatchSize',
  'kinesisBatchWindowSeconds',
  'kinesisParallelization',
  'kinesisRetryAttempts',
  'sourceAccounts',
  'organizationId',
  'accountPolicy',
  'accountPolicyExclude',
  'heartbeatMinutes',
  'operationsEmails',
  'chatTopic',
  'reservedConcurrency',
  'fleetSizes',
  'deployScopes',
  'unscopedDeployWindows',
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
  /** Where the log groups deliver: straight to the ingest Lambda, or a Kinesis data stream. */
  destination: 'lambda' | 'kinesis';
  /** The Kinesis event source mapping (used when `destination` is `kinesis`). */
  kinesis: {
    batchSize: number;
    batchWindowSeconds: number;
    parallelizationFactor: number;
    retryAttempts: number;
  };
  /** Accounts allowed to send through the CloudWatch Logs destination (implies `kinesis`). */
  sourceAccounts: readonly string[];
  /** An AWS Organizations id whose accounts may send (implies `kinesis`). */
  organizationId?: string;
  /** Subscribe the account's log groups with one account-level subscription filter policy. */
  accountPolicy: boolean;
  /** Log groups the account policy leaves out (the stack's own groups are always left out). */
  accountPolicyExclude: readonly string[];
  /** Alarm when a source log group receives nothing for this many minutes; 0 = no heartbeat alarms. */
  heartbeatMinutes: number;
  /** Subscribed to the operations topic (pipeline alarms, heartbeats); defaults to `alertEmails`. */
  operationsEmails: readonly string[];
  /** Add a topic whose messages are in the chat custom-notification JSON. */
  chatTopic: boolean;
  /** Reserved concurrency of ingest; undefined = none (the account's unreserved pool). */
  reservedConcurrency: number | undefined;
  /** Expected instances per log group (engine `fleetSizes`). */
  fleetSizes: Readonly<Record<string, number>>;
  /** Deploy scopes (`codedeploy:<app>/<group>`, `beanstalk:<env>`, `asg:<name>`) to log groups. */
  deployScopes: Readonly<Record<string, readonly string[]>>;
  /** Whether a deploy window without a scope applies to every log group or to none. */
  unscopedDeployWindows?: 'all' | 'none';
}

/** Keys that make a deploy context: without any of them the app synthesizes a named placeholder. */
const DEPLOY_CONTEXT_KEYS: readonly ConfigKey[] = CONFIG_KEYS.filter((key) => key !== 'stackName');

/** Default reserved concurrency of ingest (see docs/deploy.md: accounts with a low quota set none). */
export const DEFAULT_RESERVED_CONCURRENCY = 20;
/**
 * A Lambda destination needs one invoke permission per log group in the function policy (20 KB);
 * past this many groups use the Kinesis destination or the account policy.
 */
export const MAX_LAMBDA_LOG_GROUPS = 40;

/** The configuration is wrong; `problems` lists every wrong value, each naming its key. */
export { ConfigError };

export type TryGetContext = (key: string) => unknown;

export interface LoadStackConfigOptions {
  /** Reads the `configFile`; tests pass their own. */
  readFile?: (path: string) => string;
  /** Whether a file exists (for {@link DEFAULT_CONFIG_FILE}); tests pass their own. */
  fileExists?: (path: string) => boolean;
}

/**
 * Whether any deploy setting is given (context or config file). Commands that need no template
 * (`cdk bootstrap`, `cdk destroy`, `cdk ls`) run the app without one; it then synthesizes a
 * placeholder of the stack's name instead of refusing.
 */
export function hasDeployContext(
  tryGetContext: TryGetContext,
  options: LoadStackConfigOptions = {},
): boolean {
  if (DEPLOY_CONTEXT_KEYS.some((key) => tryGetContext(key) !== undefined)) return true;
  return (options.fileExists ?? existsSync)(DEFAULT_CONFIG_FILE);
}

/** The stack name from the context alone (the placeholder's name), or the default. */
export function stackNameOf(tryGetContext: TryGetContext): string {
  const value = tryGetContext('stackName');
  return typeof value === 'string' && STACK_NAME.test(value) ? value : DEFAULT_STACK_NAME;
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
  const configFile =
    tryGetContext('configFile') ??
    ((options.fileExists ?? existsSync)(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  const file = readConfigFile(configFile, options.readFile ?? readUtf8, problems);
  const get = (key: ConfigKey): unknown => {
    const fromContext = tryGetContext(key);
    return fromContext !== undefined ? fromContext : file[key];
  };

  const stackName = readStackName(get('stackName'), problems);
  const accountPolicy = readBoolean(get('accountPolicy'), 'accountPolicy', problems);
  const logGroups = readLogGroups(get('logGroups'), problems, accountPolicy);
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

  const sourceAccounts = readAccounts(get('sourceAccounts'), problems);
  const organizationId = readOptionalPattern(
    get('organizationId'),
    'organizationId',
    /^o-[a-z0-9]{10,32}$/,
    'an AWS Organizations id (o-...)',
    problems,
  );
  const crossAccount = sourceAccounts.length > 0 || organizationId !== undefined;
  const destination = readDestination(get('destination'), crossAccount, problems);
  if (destination === 'lambda' && !accountPolicy && logGroups.length > MAX_LAMBDA_LOG_GROUPS) {
    problems.push(
      `logGroups: ${logGroups.length} log groups; a Lambda destination takes at most ${MAX_LAMBDA_LOG_GROUPS} (one invoke permission each): use -c destination=kinesis or -c accountPolicy=true`,
    );
  }
  const kinesis = {
    batchSize: readNumber(
      get('kinesisBatchSize'),
      'kinesisBatchSize',
      { min: 1, max: 10_000, integer: true, fallback: 100 },
      problems,
    ),
    batchWindowSeconds: readNumber(
      get('kinesisBatchWindowSeconds'),
      'kinesisBatchWindowSeconds',
      { min: 0, max: 300, integer: true, fallback: 5 },
      problems,
    ),
    parallelizationFactor: readNumber(
      get('kinesisParallelization'),
      'kinesisParallelization',
      { min: 1, max: 10, integer: true, fallback: 2 },
      problems,
    ),
    retryAttempts: readNumber(
      get('kinesisRetryAttempts'),
      'kinesisRetryAttempts',
      { min: 0, max: 10_000, integer: true, fallback: 5 },
      problems,
    ),
  };
  const accountPolicyExclude = readLogGroupList(
    get('accountPolicyExclude'),
    'accountPolicyExclude',
    problems,
  );
  const heartbeatMinutes = readNumber(
    get('heartbeatMinutes'),
    'heartbeatMinutes',
    { min: 0, max: 1440, integer: true, fallback: 30 },
    problems,
  );
  if (heartbeatMinutes !== 0 && heartbeatMinutes < 5)
    problems.push(`heartbeatMinutes: ${heartbeatMinutes}; at least 5 (the alarm's period), or 0 for none`);
  const operationsEmails =
    get('operationsEmails') === undefined
      ? alertEmails
      : readEmails(get('operationsEmails'), true, problems, 'operationsEmails');
  const chatTopic = readBoolean(get('chatTopic'), 'chatTopic', problems);
  const reservedConcurrency = readReservedConcurrency(get('reservedConcurrency'), problems);
  const fleetSizes = readFleetSizes(get('fleetSizes'), problems);
  const deployScopes = readDeployScopes(get('deployScopes'), problems);
  const unscoped = get('unscopedDeployWindows');
  let unscopedDeployWindows: 'all' | 'none' | undefined;
  if (unscoped === 'all' || unscoped === 'none') unscopedDeployWindows = unscoped;
  else if (unscoped !== undefined && unscoped !== '')
    problems.push(`unscopedDeployWindows: expected 'all' or 'none', got ${describe(unscoped)}`);

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
    destination,
    kinesis,
    sourceAccounts,
    ...(organizationId !== undefined && { organizationId }),
    accountPolicy,
    accountPolicyExclude,
    heartbeatMinutes,
    operationsEmails,
    chatTopic,
    reservedConcurrency,
    fleetSizes,
    deployScopes,
    ...(unscopedDeployWindows !== undefined && { unscopedDeployWindows }),
  };
}

function readBoolean(value: unknown, key: ConfigKey, problems: string[]): boolean {
  if (value === undefined || value === '' || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  problems.push(`${key}: expected true or false, got ${describe(value)}`);
  return false;
}

function readDestination(value: unknown, crossAccount: boolean, problems: string[]): 'lambda' | 'kinesis' {
  if (value === undefined || value === '') return crossAccount ? 'kinesis' : 'lambda';
  if (value === 'kinesis') return 'kinesis';
  if (value === 'lambda') {
    if (crossAccount)
      problems.push(
        'destination: other accounts can only deliver through a Kinesis-backed Logs destination; drop destination=lambda or sourceAccounts/organizationId',
      );
    return 'lambda';
  }
  problems.push(`destination: expected 'lambda' or 'kinesis', got ${describe(value)}`);
  return 'lambda';
}

function readAccounts(value: unknown, problems: string[]): string[] {
  if (value === undefined || value === '') return [];
  const list = readList(value, 'sourceAccounts', problems) ?? [];
  for (const account of list) {
    if (!/^\d{12}$/.test(account)) problems.push(`sourceAccounts: '${account}' is not a 12-digit account id`);
  }
  return [...new Set(list)];
}

function readLogGroupList(value: unknown, key: ConfigKey, problems: string[]): string[] {
  if (value === undefined || value === '') return [];
  const list = readList(value, key, problems) ?? [];
  for (const name of list) {
    if (!LOG_GROUP_NAME.test(name)) problems.push(`${key}: '${name}' is not a log group name`);
  }
  return [...new Set(list)];
}

function readReservedConcurrency(value: unknown, problems: string[]): number | undefined {
  if (value === undefined) return DEFAULT_RESERVED_CONCURRENCY;
  if (value === 'none' || value === '') return undefined;
  const n = toNumber(value);
  if (n === undefined || !Number.isInteger(n) || n < 1 || n > 1000) {
    problems.push(
      `reservedConcurrency: expected a whole number from 1 to 1000 or 'none', got ${describe(value)}`,
    );
    return DEFAULT_RESERVED_CONCURRENCY;
  }
  return n;
}

function readJsonObject(
  value: unknown,
  key: ConfigKey,
  problems: string[],
): Record<string, unknown> | undefined {
  if (value === undefined || value === '') return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      problems.push(`${key}: expected a JSON object, got ${describe(value)}`);
      return undefined;
    }
  }
  if (!isPlainObject(parsed)) {
    problems.push(`${key}: expected a JSON object, got ${describe(value)}`);
    return undefined;
  }
  return parsed;
}

function readFleetSizes(value: unknown, problems: string[]): Record<string, number> {
  const parsed = readJsonObject(value, 'fleetSizes', problems);
  const out: Record<string, number> = {};
  for (const [logGroup, n] of Object.entries(parsed ?? {})) {
    if (!LOG_GROUP_NAME.test(logGroup) && !/^\d{12}:/.test(logGroup)) {
      problems.push(`fleetSizes: '${logGroup}' is not a log group name`);
    } else if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100_000) {
      problems.push(
        `fleetSizes.${logGroup}: expected a whole number of instances from 1 to 100000, got ${describe(n)}`,
      );
    } else {
      out[logGroup] = n;
    }
  }
  return out;
}

/** `codedeploy:<application>/<deployment group>`, `beanstalk:<environment>`, `asg:<group name>`. */
const DEPLOY_SCOPE =
  /^(?:codedeploy:[^/\s]{1,100}\/[^\s]{1,100}|beanstalk:[A-Za-z0-9-]{1,40}|asg:[^\s]{1,255})$/;

function readDeployScopes(value: unknown, problems: string[]): Record<string, string[]> {
  const parsed = readJsonObject(value, 'deployScopes', problems);
  const out: Record<string, string[]> = {};
  for (const [scope, groups] of Object.entries(parsed ?? {})) {
    if (!DEPLOY_SCOPE.test(scope)) {
      problems.push(
        `deployScopes: '${scope}' is not codedeploy:<app>/<group>, beanstalk:<environment> or asg:<name>`,
      );
      continue;
    }
    const list = typeof groups === 'string' ? [groups] : groups;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      list.some((g) => typeof g !== 'string' || (!LOG_GROUP_NAME.test(g) && !/^\d{12}:/.test(g)))
    ) {
      problems.push(
        `deployScopes.${scope}: expected a non-empty array of log group names, got ${describe(groups)}`,
      );
      continue;
    }
    out[scope] = [...new Set(list as string[])];
  }
  return out;
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

function readLogGroups(value: unknown, problems: string[], accountPolicy: boolean): string[] {
  if (value === undefined && accountPolicy) return [];
  if (value === undefined) {
    problems.push(
      'logGroups: required: the nginx error log groups to watch, e.g. -c logGroups=/ec2/nginx/error,/aws/elasticbeanstalk/prod/var/log/nginx/error.log',
    );
    return [];
  }
  const list = readList(value, 'logGroups', problems);
  if (list === undefined) return [];
  if (list.length === 0 && !accountPolicy) problems.push('logGroups: at least one log group is required');
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

function readEmails(
  value: unknown,
  hasExistingTopic: boolean,
  problems: string[],
  key: 'alertEmails' | 'operationsEmails' = 'alertEmails',
): string[] {
  if (value === undefined || value === '') {
    if (!hasExistingTopic) {
      problems.push(
        'alertEmails: required unless alertTopicArn is given: who receives the alerts, e.g. -c alertEmails=ops@example.com',
      );
    }
    return [];
  }
  const list = readList(value, key, problems) ?? [];
  for (const email of list) {
    if (!EMAIL.test(email)) problems.push(`${key}: '${email}' is not an e-mail address`);
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
