import { DEFAULT_TTL_DAYS, ENV, METRICS_NAMESPACE, SERVICE_NAME } from '#shared/contract/index.ts';
import { type EngineSettings, engineSettings } from '#shared/engine/index.ts';
import { ConfigError } from './errors.ts';

// The names are the stack's and the functions' shared contract; re-exported for existing importers.
export { DEFAULT_TTL_DAYS, ENV };

export interface FunctionConfig {
  tableName: string;
  /** Required by ingest and sweeper (they publish); undefined for deploy-events. */
  topicArn: string | undefined;
  /** The engine thresholds, with `retention` from TTL_DAYS and `instancePattern` from INSTANCE_PATTERN. */
  /** The engine's settings, resolved once here: durations in ms (`ENGINE_CONFIG` states them in seconds). */
  engine: EngineSettings;
  /** INSTANCE_PATTERN compiled once; undefined = the engine's default (an EC2 id in the stream name). */
  instancePattern: RegExp | undefined;
  ttlDays: number;
  serviceName: string;
  metricsNamespace: string;
  /** The chat topic (custom-notification JSON), when the stack has one. */
  chatTopicArn: string | undefined;
  /** The stack's account; data owned by another account is keyed `<account>:<log group>`. */
  homeAccount: string | undefined;
  /** The configured source log groups (SOURCE_LOG_GROUPS), empty when not set. */
  sourceLogGroups: readonly string[];
}

export const DEFAULT_SERVICE_NAME = SERVICE_NAME;
export const DEFAULT_METRICS_NAMESPACE = METRICS_NAMESPACE;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/**
 * Reads and checks the function's environment once (call it at module scope, so a bad deploy fails at
 * init with every problem named, not on the first event).
 *
 * - `TABLE_NAME` (required): the DynamoDB state table.
 * - `TOPIC_ARN` (required when `requireTopic`): the SNS alert topic.
 * - `INSTANCE_PATTERN` (optional): RegExp source; its first capture group picks the instance from a
 *   log stream name. Overrides `instancePattern` in ENGINE_CONFIG.
 * - `ENGINE_CONFIG` (optional): JSON object of engine thresholds in seconds (`{"grace":120}`),
 *   checked by the engine's `validateEngineConfig`.
 * - `TTL_DAYS` (optional, default 14, 1..366): how long state items live (DynamoDB TTL). Overrides
 *   `retention` in ENGINE_CONFIG.
 * - `POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_METRICS_NAMESPACE` (optional): metrics service / namespace.
 * - `CHAT_TOPIC_ARN` (optional): a second topic that gets alerts in the chat custom-notification JSON.
 * - `HOME_ACCOUNT_ID` (optional, 12 digits): the stack's account (cross-account log data is named by owner).
 * - `SOURCE_LOG_GROUPS` (optional): JSON array of the configured source log group names.
 *
 * @throws {ConfigError} naming every missing or invalid variable at once
 * @example const config = loadConfig(process.env, { requireTopic: true });
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: { requireTopic: true },
): FunctionConfig & { topicArn: string };
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: { requireTopic: boolean },
): FunctionConfig;
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: { requireTopic: boolean },
): FunctionConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const tableName = read(ENV.tableName);
  if (tableName === undefined) problems.push(`${ENV.tableName} is required (the DynamoDB state table name)`);

  const topicArn = read(ENV.topicArn);
  if (options.requireTopic && topicArn === undefined) {
    problems.push(`${ENV.topicArn} is required (the SNS topic alerts are published to)`);
  } else if (topicArn !== undefined && !SNS_TOPIC_ARN.test(topicArn)) {
    problems.push(`${ENV.topicArn} is not an SNS topic ARN: ${JSON.stringify(topicArn)}`);
  }
  const chatTopicArn = read(ENV.chatTopicArn);
  if (chatTopicArn !== undefined && !SNS_TOPIC_ARN.test(chatTopicArn))
    problems.push(`${ENV.chatTopicArn} is not an SNS topic ARN: ${JSON.stringify(chatTopicArn)}`);
  const homeAccount = read(ENV.homeAccount);
  if (homeAccount !== undefined && !/^\d{12}$/.test(homeAccount))
    problems.push(`${ENV.homeAccount} must be a 12-digit account id, got ${JSON.stringify(homeAccount)}`);
  const sourceLogGroups = readStringArray(read(ENV.sourceLogGroups), ENV.sourceLogGroups, problems);

  let ttlDays = DEFAULT_TTL_DAYS;
  const ttlText = read(ENV.ttlDays);
  if (ttlText !== undefined) {
    const parsed = /^\d+$/.test(ttlText) ? Number(ttlText) : Number.NaN;
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > 366) {
      problems.push(
        `${ENV.ttlDays} must be a whole number of days from 1 to 366, got ${JSON.stringify(ttlText)}`,
      );
    } else {
      ttlDays = parsed;
    }
  }

  let partial: Record<string, unknown> = {};
  const engineText = read(ENV.engineConfig);
  if (engineText !== undefined) {
    try {
      const json: unknown = JSON.parse(engineText);
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        problems.push(`${ENV.engineConfig} must be a JSON object, got ${JSON.stringify(engineText)}`);
      } else {
        partial = json as Record<string, unknown>;
      }
    } catch (error) {
      problems.push(`${ENV.engineConfig} is not JSON: ${(error as Error).message}`);
    }
  }
  const patternText = read(ENV.instancePattern);
  let instancePattern: RegExp | undefined;
  if (patternText !== undefined) {
    try {
      instancePattern = new RegExp(patternText);
      partial = { ...partial, instancePattern: patternText };
    } catch (error) {
      problems.push(`${ENV.instancePattern} is not a valid regular expression: ${(error as Error).message}`);
    }
  }
  // TTL_DAYS wins over ENGINE_CONFIG.retention only when it is set; otherwise ENGINE_CONFIG's value or 14.
  if (ttlText !== undefined || !('retention' in partial))
    partial = { ...partial, retention: ttlDays * 86_400 };
  if (ttlText === undefined && typeof partial.retention === 'number') ttlDays = partial.retention / 86_400;

  let engine: EngineSettings | undefined;
  try {
    engine = engineSettings(partial);
    if (instancePattern === undefined && engine.instancePattern !== '') {
      instancePattern = new RegExp(engine.instancePattern);
    }
  } catch (error) {
    problems.push(`${ENV.engineConfig} is invalid: ${(error as Error).message}`);
  }

  if (problems.length > 0 || tableName === undefined || engine === undefined) throw new ConfigError(problems);
  return {
    tableName,
    topicArn,
    engine,
    instancePattern,
    ttlDays,
    serviceName: read(ENV.serviceName) ?? DEFAULT_SERVICE_NAME,
    metricsNamespace: read(ENV.metricsNamespace) ?? DEFAULT_METRICS_NAMESPACE,
    chatTopicArn,
    homeAccount,
    sourceLogGroups,
  };
}

function readStringArray(text: string | undefined, name: string, problems: string[]): string[] {
  if (text === undefined) return [];
  try {
    const json: unknown = JSON.parse(text);
    if (Array.isArray(json) && json.every((item) => typeof item === 'string')) return json;
  } catch {
    // reported below
  }
  problems.push(`${name} must be a JSON array of strings, got ${JSON.stringify(text)}`);
  return [];
}
