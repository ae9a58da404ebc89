import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { boundedClientConfig, CLI_BUDGET } from '#functions/adapters/sdkBudgets.ts';
import { CUSTOM_DEPLOY_FINISHED, CUSTOM_DEPLOY_SOURCE, CUSTOM_DEPLOY_STARTED } from '#shared/deploy/index.ts';
import { HELP_OPTION, type OptionSpecs, parseCommandArgs, readChoice, renderOptions } from '../args.ts';
import { describeAwsTarget, quietSdkNodeNotice } from '../aws.ts';
import { type CliIo, InputError, UsageError } from '../io.ts';
import { terminalSafe } from '../render/style.ts';

const DETAIL_TYPES = { start: CUSTOM_DEPLOY_STARTED, finish: CUSTOM_DEPLOY_FINISHED } as const;

/** The event's `detail`, as the deploy-events function reads it (`readDeployEvent`). */
interface CustomDeployDetail {
  id: string;
  instances?: string[];
  logGroup?: string;
  label?: string;
}

const OPTIONS = {
  id: {
    type: 'string',
    value: 'ID',
    help: 'the deployment id (the same on start and finish), e.g. a pipeline run id',
  },
  instances: {
    type: 'string',
    value: 'IDS',
    help: 'only these instances are deployed, e.g. i-1,i-2',
    default: 'the whole fleet',
  },
  'log-group': {
    type: 'string',
    value: 'NAME',
    help: 'only this nginx log group',
    default: 'every subscribed group',
  },
  label: { type: 'string', value: 'TEXT', help: 'what alerts and digests call it', default: 'Deployment ID' },
  'event-bus': {
    type: 'string',
    value: 'NAME',
    help: "the event bus (where the stack's rule listens)",
    default: "the account's default bus",
  },
  region: { type: 'string', value: 'REGION', help: "AWS region; else AWS_REGION or the profile's" },
  format: {
    type: 'string',
    value: 'text|json',
    help: 'json: the sent event and its id as one object',
    default: 'text',
  },
  help: HELP_OPTION,
} as const satisfies OptionSpecs;

const HELP = `usage: upstream-triage deploy start|finish --id ID [options]

Tells the deployed stack that a deployment starts or finished, for pipelines without CodeDeploy,
Auto Scaling instance refresh or Elastic Beanstalk (those are picked up on their own). Errors in
the window are held as deploy transients instead of paging. Sends one EventBridge event:
source '${CUSTOM_DEPLOY_SOURCE}', detail-type '${CUSTOM_DEPLOY_STARTED}' / '${CUSTOM_DEPLOY_FINISHED}'.
Says on stderr which region and credentials it uses.
${renderOptions(OPTIONS)}
Exit codes: 0 sent, 1 AWS error (no region or credentials included), 2 usage error.
`;

/** What the command needs from the outside world; tests pass their own. */
export interface DeployDeps {
  createClient: (options: { region?: string }) => EventBridgeClient;
  /** Epoch milliseconds: the event time. */
  now: () => number;
}

const defaultDeps: DeployDeps = {
  // Bounded: a region that accepts and never answers ends in a TimeoutError, not a hung terminal.
  createClient: ({ region }) =>
    new EventBridgeClient({
      ...(region === undefined ? {} : { region }),
      ...boundedClientConfig(CLI_BUDGET),
    }),
  now: () => Date.now(),
};

// Ids end up in alerts, e-mails and DynamoDB keys: printable, bounded, no separators of ours.
const ID = /^[A-Za-z0-9][A-Za-z0-9._:@+=/-]{0,127}$/;
const INSTANCE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const LOG_GROUP = /^[A-Za-z0-9._\-/#]{1,512}$/;
const MAX_INSTANCES = 500;
const MAX_LABEL = 200;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Builds the `deploy` command around its dependencies. */
export function createDeployCommand(deps: DeployDeps): (argv: string[], io: CliIo) => Promise<number> {
  return async (argv, io) => {
    const request = readRequest(argv);
    if (request === 'help') {
      io.stdout.write(HELP);
      return 0;
    }
    const notice = quietSdkNodeNotice(io.env);
    if (notice) io.stderr.write(`upstream-triage deploy: ${notice}\n`);
    const client = deps.createClient(request.region === undefined ? {} : { region: request.region });
    try {
      const target = await describeAwsTarget(client, io.env, request.region);
      io.stderr.write(`upstream-triage deploy: ${target}\n`);
      const response = await client
        .send(
          new PutEventsCommand({
            Entries: [
              {
                Source: CUSTOM_DEPLOY_SOURCE,
                DetailType: DETAIL_TYPES[request.phase],
                Detail: JSON.stringify(request.detail),
                Time: new Date(deps.now()),
                ...(request.eventBus !== undefined && { EventBusName: request.eventBus }),
              },
            ],
          }),
        )
        .catch((error: unknown) => {
          const name = (error as { name?: string }).name ?? 'Error';
          const message = error instanceof Error ? error.message : String(error);
          return Promise.reject(
            new InputError(`PutEvents failed: ${name}: ${terminalSafe(message)}`, { cause: error }),
          );
        });
      const entry = response.Entries?.[0];
      if ((response.FailedEntryCount ?? 0) > 0 || entry?.EventId === undefined) {
        throw new InputError(
          `EventBridge rejected the event: ${terminalSafe(entry?.ErrorCode ?? 'no event id')}: ${terminalSafe(entry?.ErrorMessage ?? '')}`,
        );
      }
      io.stdout.write(
        request.format === 'json'
          ? `${JSON.stringify({ eventId: entry.EventId, detailType: DETAIL_TYPES[request.phase], detail: request.detail })}\n`
          : `sent ${DETAIL_TYPES[request.phase]} for ${request.detail.id} (event ${entry.EventId})\n`,
      );
      return 0;
    } finally {
      client.destroy();
    }
  };
}

/** `upstream-triage deploy`, wired to the real AWS SDK client. */
export const run = createDeployCommand(defaultDeps);

interface DeployRequest {
  phase: keyof typeof DETAIL_TYPES;
  detail: CustomDeployDetail;
  eventBus?: string;
  region?: string;
  format: 'text' | 'json';
}

function readRequest(argv: string[]): DeployRequest | 'help' {
  const { values, positionals } = parse(argv);
  if (values.help === true) return 'help';
  const [phase, ...extra] = positionals;
  if (phase !== 'start' && phase !== 'finish') {
    throw new UsageError(
      `expected 'start' or 'finish', got ${phase === undefined ? 'nothing' : `'${terminalSafe(phase, 40)}'`}`,
    );
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument '${terminalSafe(extra[0] ?? '', 40)}'`);
  if (values.id === undefined) throw new UsageError('--id is required');
  if (!ID.test(values.id)) {
    throw new UsageError(
      `--id '${terminalSafe(values.id, 60)}' must be 1-128 letters, digits or . _ : @ + = / -`,
    );
  }
  const detail: CustomDeployDetail = { id: values.id };
  if (values.instances !== undefined) {
    const instances = [
      ...new Set(
        values.instances
          .split(',')
          .map((i) => i.trim())
          .filter((i) => i !== ''),
      ),
    ];
    const bad = instances.find((i) => !INSTANCE.test(i));
    if (instances.length === 0 || bad !== undefined) {
      throw new UsageError(
        `--instances '${terminalSafe(bad ?? values.instances, 60)}' is not a list of instance ids`,
      );
    }
    if (instances.length > MAX_INSTANCES)
      throw new UsageError(`--instances: at most ${MAX_INSTANCES} instances`);
    detail.instances = instances;
  }
  if (values['log-group'] !== undefined) {
    if (!LOG_GROUP.test(values['log-group'])) {
      throw new UsageError(`--log-group '${terminalSafe(values['log-group'], 80)}' is not a log group name`);
    }
    detail.logGroup = values['log-group'];
  }
  if (values.label !== undefined) {
    const label = values.label.trim();
    if (label === '' || label.length > MAX_LABEL || CONTROL.test(label)) {
      throw new UsageError(`--label must be 1-${MAX_LABEL} printable characters`);
    }
    detail.label = label;
  }
  return {
    phase,
    detail,
    format: readChoice('format', values.format, ['text', 'json'], 'text'),
    ...(values['event-bus'] !== undefined && { eventBus: values['event-bus'] }),
    ...(values.region !== undefined && { region: values.region }),
  };
}

function parse(argv: string[]) {
  return parseCommandArgs(argv, OPTIONS);
}
