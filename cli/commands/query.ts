import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  type ResultField,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { boundedClientConfig, CLI_BUDGET } from '#functions/adapters/sdkBudgets.ts';
import { CAUSES } from '#shared/catalogue/index.ts';
import { CAUSE_IDS, type CauseId } from '#shared/model/index.ts';
import {
  buildInsightsQuery,
  classifiedEventsLogGroupName,
  DurationError,
  LISTED_FIELDS,
  parseDuration,
  QueryValueError,
} from '#shared/query/index.ts';
import {
  COLOR_OPTION,
  HELP_OPTION,
  type OptionSpecs,
  parseCommandArgs,
  readChoice,
  renderOptions,
} from '../args.ts';
import { describeAwsTarget, quietSdkNodeNotice } from '../aws.ts';
import { type CliIo, InputError, UsageError } from '../io.ts';
import { createStyle, type Style, table, terminalSafe, wantsColor } from '../render/style.ts';

const LOG_GROUP_ENV = 'UPSTREAM_TRIAGE_LOG_GROUP';

const OPTIONS = {
  since: { type: 'string', value: 'DURATION', help: 'how far back (30m, 1h, 7d)', default: '1h' },
  cause: { type: 'string', value: 'IDS', help: 'only these causes, e.g. upstream_refused,upstream_timeout' },
  instance: { type: 'string', value: 'IDS', help: 'only these instances' },
  deployment: { type: 'string', value: 'IDS', help: 'only these deployments' },
  'log-group': {
    type: 'string',
    value: 'NAME',
    help: `the classified-events log group (the stack output ClassifiedEventsLogGroup); else $${LOG_GROUP_ENV}`,
    default: classifiedEventsLogGroupName(),
  },
  format: {
    type: 'string',
    value: 'text|json|ndjson',
    help: 'text: an aligned table; json: an array of objects with the raw line; ndjson: one object per line',
    default: 'text',
  },
  limit: { type: 'string', value: 'N', help: 'at most N events (1..10000)', default: '100' },
  timeout: {
    type: 'string',
    value: 'DURATION',
    help: 'give up waiting for the query after this long',
    default: '2m',
  },
  region: { type: 'string', value: 'REGION', help: "AWS region; else AWS_REGION or the profile's" },
  color: COLOR_OPTION,
  help: HELP_OPTION,
} as const satisfies OptionSpecs;

const HELP = `usage: upstream-triage query [options]

Lists classified upstream events from the deployed stack's classified-events log group with
CloudWatch Logs Insights, newest first. Says on stderr which region and credentials it uses
(the usual AWS settings: AWS_PROFILE, AWS_REGION, ...).
${renderOptions(OPTIONS)}
Logs Insights bills each query by the data it scans: keep --since short.
Exit codes: 0 ok, 1 AWS or query error (no region or credentials included), 2 usage error.
`;

/** What the command needs from the outside world; tests pass their own. */
export interface QueryDeps {
  createClient: (options: { region?: string }) => CloudWatchLogsClient;
  /** Epoch milliseconds. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

const defaultDeps: QueryDeps = {
  // Bounded: a region that accepts and never answers ends in a TimeoutError, not a hung terminal.
  createClient: ({ region }) =>
    new CloudWatchLogsClient({
      ...(region === undefined ? {} : { region }),
      ...boundedClientConfig(CLI_BUDGET),
    }),
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Polling starts fast (small queries finish in about a second) and backs off to this. */
const MAX_POLL_MS = 2_000;
const FIRST_POLL_MS = 250;

/** Builds the `query` command around its dependencies. */
export function createQueryCommand(deps: QueryDeps): (argv: string[], io: CliIo) => Promise<number> {
  return async (argv, io) => {
    const options = readOptions(argv, io.env);
    if (options === 'help') {
      io.stdout.write(HELP);
      return 0;
    }
    const notice = quietSdkNodeNotice(io.env);
    if (notice) io.stderr.write(`upstream-triage query: ${notice}\n`);
    const client = deps.createClient(options.region === undefined ? {} : { region: options.region });
    try {
      const target = await describeAwsTarget(client, io.env, options.region);
      io.stderr.write(`upstream-triage query: ${target}\n`);
      const endTime = Math.floor(deps.now() / 1000);
      const queryId = await startQuery(client, {
        logGroupName: options.logGroup,
        startTime: endTime - options.sinceSeconds,
        endTime,
        queryString: options.queryString,
        limit: options.limit,
      });
      const rows = await waitForResults(client, queryId, deps, deps.now() + options.timeoutSeconds * 1000);
      io.stdout.write(
        options.format === 'text'
          ? renderText(
              rows,
              options.logGroup,
              createStyle(wantsColor(options.color, io.stdout.isTTY, io.env)),
            )
          : options.format === 'json'
            ? renderJson(rows)
            : renderNdjson(rows),
      );
      return 0;
    } finally {
      client.destroy();
    }
  };
}

/** `upstream-triage query`, wired to the real AWS SDK client. */
export const run = createQueryCommand(defaultDeps);

interface QueryOptions {
  logGroup: string;
  sinceSeconds: number;
  timeoutSeconds: number;
  limit: number;
  format: 'text' | 'json' | 'ndjson';
  color: 'auto' | 'always' | 'never';
  queryString: string;
  region?: string;
}

function readOptions(argv: string[], env: CliIo['env']): QueryOptions | 'help' {
  const { values } = parseCommandArgs(argv, OPTIONS, false);
  if (values.help === true) return 'help';
  const text = (name: keyof typeof values) =>
    typeof values[name] === 'string' ? (values[name] as string) : undefined;

  const format = readChoice('format', text('format'), ['text', 'json', 'ndjson'], 'text');
  const color = readChoice('color', text('color'), ['auto', 'always', 'never'], 'auto');
  const limitText = text('limit') ?? '100';
  if (!/^\d{1,5}$/.test(limitText))
    throw new UsageError(`--limit must be a whole number, not '${limitText}'`);

  const causes = list(text('cause'));
  const unknown = causes?.filter((cause) => !(CAUSE_IDS as readonly string[]).includes(cause)) ?? [];
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown cause ${unknown.map((c) => `'${terminalSafe(c, 60)}'`).join(', ')}; causes are: ${CAUSE_IDS.join(', ')}`,
    );
  }

  const logGroup = text('log-group') ?? nonEmpty(env[LOG_GROUP_ENV]) ?? classifiedEventsLogGroupName();
  if (!/^[A-Za-z0-9._\-/#]{1,512}$/.test(logGroup)) {
    throw new UsageError(`--log-group '${terminalSafe(logGroup, 80)}' is not a log group name`);
  }
  try {
    const region = text('region');
    return {
      logGroup,
      sinceSeconds: parseDuration(text('since') ?? '1h'),
      timeoutSeconds: parseDuration(text('timeout') ?? '2m'),
      limit: Number(limitText),
      format,
      color,
      queryString: buildInsightsQuery({
        ...(causes !== undefined && { causes }),
        ...withList('instances', text('instance')),
        ...withList('deployments', text('deployment')),
        limit: Number(limitText),
      }),
      ...(region !== undefined && { region }),
    };
  } catch (error: unknown) {
    if (error instanceof DurationError || error instanceof QueryValueError) {
      throw new UsageError(error.message, { cause: error });
    }
    throw error;
  }
}

async function startQuery(
  client: CloudWatchLogsClient,
  input: { logGroupName: string; startTime: number; endTime: number; queryString: string; limit: number },
): Promise<string> {
  try {
    const { queryId } = await client.send(
      new StartQueryCommand({
        logGroupNames: [input.logGroupName],
        startTime: input.startTime,
        endTime: input.endTime,
        queryString: input.queryString,
        limit: input.limit,
      }),
    );
    if (queryId === undefined)
      throw new InputError('CloudWatch Logs started no query (no query id returned)');
    return queryId;
  } catch (error: unknown) {
    if (error instanceof InputError) throw error;
    const name = (error as { name?: string }).name;
    if (name === 'ResourceNotFoundException') {
      throw new InputError(
        `log group ${input.logGroupName} not found: is the stack deployed in this region? ` +
          `Pass --log-group or set ${LOG_GROUP_ENV} to the stack output ClassifiedEventsLogGroup`,
        { cause: error },
      );
    }
    throw awsError('StartQuery', error);
  }
}

async function waitForResults(
  client: CloudWatchLogsClient,
  queryId: string,
  deps: QueryDeps,
  deadline: number,
): Promise<ResultField[][]> {
  let delay = FIRST_POLL_MS;
  for (;;) {
    const response = await client
      .send(new GetQueryResultsCommand({ queryId }))
      .catch((error: unknown) => Promise.reject(awsError('GetQueryResults', error)));
    switch (response.status) {
      case 'Complete':
        return response.results ?? [];
      case 'Scheduled':
      case 'Running':
      case undefined:
        break;
      default:
        throw new InputError(`the Logs Insights query ended with status ${response.status}`);
    }
    if (deps.now() + delay > deadline) {
      // Stop it: a forgotten query keeps scanning, and scanning is what is billed.
      await client.send(new StopQueryCommand({ queryId })).catch(() => undefined);
      throw new InputError(
        'the Logs Insights query did not finish in time (raise --timeout or narrow --since)',
      );
    }
    await deps.sleep(delay);
    delay = Math.min(MAX_POLL_MS, Math.round(delay * 1.6));
  }
}

/** Result rows as plain objects, without Logs Insights' internal `@ptr`. */
function toObjects(rows: ResultField[][]): Record<string, string>[] {
  return rows.map((row) => {
    const record: Record<string, string> = {};
    for (const { field, value } of row) {
      if (field === undefined || field === '@ptr' || value === undefined) continue;
      record[field] = value;
    }
    return record;
  });
}

function renderJson(rows: ResultField[][]): string {
  // JSON.stringify escapes control characters, so hostile text stays inert here.
  return `${JSON.stringify(toObjects(rows), null, 2)}\n`;
}

/** The raw line is left to --format json: it would make every row as wide as the terminal. */
const TEXT_COLUMNS = LISTED_FIELDS.filter((field) => field !== 'raw' && field !== 'logGroup');

function renderNdjson(rows: ResultField[][]): string {
  return toObjects(rows)
    .map((record) => `${JSON.stringify(record)}\n`)
    .join('');
}

function renderText(rows: ResultField[][], logGroup: string, style: Style): string {
  const records = toObjects(rows);
  if (records.length === 0) return `no classified upstream events in ${logGroup} for this period\n`;
  const header = TEXT_COLUMNS.map((field) => style.bold(field === 'time' ? 'time (UTC)' : field));
  const colour = (cause: string | undefined, text: string) => {
    const group =
      cause !== undefined && Object.hasOwn(CAUSES, cause) ? CAUSES[cause as CauseId].group : undefined;
    return group === 'restart' || group === 'config'
      ? style.red(text)
      : group === 'capacity' || group === 'app'
        ? style.yellow(text)
        : text;
  };
  const body = records.map((record) =>
    TEXT_COLUMNS.map((field) => {
      const text = terminalSafe(record[field] ?? '-', 80);
      return field === 'cause' ? colour(record.cause, text) : text;
    }),
  );
  const lines = table([header, ...body]);
  return `${lines.join('\n')}\n${records.length} event${records.length === 1 ? '' : 's'}\n`;
}

function awsError(operation: string, error: unknown): InputError {
  const name = (error as { name?: string }).name ?? 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new InputError(`${operation} failed: ${name}: ${terminalSafe(message, 300)}`, { cause: error });
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
}

function withList<K extends string>(key: K, value: string | undefined): Partial<Record<K, string[]>> {
  const items = list(value);
  return items === undefined ? {} : ({ [key]: items } as Record<K, string[]>);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
