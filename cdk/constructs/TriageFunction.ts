import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FUNCTION_BUNDLING } from '#functions/bundling.ts';

/** The repository root: bundling resolves `package-lock.json` and the `#shared` import map from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The newest Node.js runtime this aws-cdk-lib knows (cdk-nag AwsSolutions-L1 wants the latest). */
export const TRIAGE_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface TriageFunctionProps {
  /** Absolute path of the handler module; it must export `handler`. */
  entry: string;
  description: string;
  /** Name of the function's own log group (created here with the retention below). */
  logGroupName: string;
  logRetention: logs.RetentionDays;
  environment: Record<string, string>;
  /** Failed asynchronous invocations (after retries or too old) land here with their payload. */
  onFailure: sqs.IQueue;
  memorySize?: number;
  timeout?: Duration;
  /** Retries of a failed asynchronous invocation (default 2, the maximum). */
  retryAttempts?: number;
  /** Age after which a queued asynchronous event is given up (default 6 hours, the maximum). */
  maxEventAge?: Duration;
  /** Concurrency reserved for (and capped at) this function; undefined = the account's pool. */
  reservedConcurrency?: number;
  /** Encrypt the function's log group with this key (its policy must let CloudWatch Logs use it). */
  logGroupKey?: kms.IKey;
}

/**
 * One Lambda function with the project's defaults: Node.js 24 on arm64, bundled by the locally
 * installed esbuild (never Docker) with the functions' own `FUNCTION_BUNDLING` (minified ESM, the
 * AWS SDK v3 taken from the runtime), JSON logs into its own log group with a retention, an execution role with no managed
 * policy (it may write to its own log group, nothing else until granted), and asynchronous
 * invocations retried twice, kept at most 6 hours, then sent to the on-failure queue.
 */
export class TriageFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: TriageFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      retention: props.logRetention,
      ...(props.logGroupKey !== undefined && { encryptionKey: props.logGroupKey }),
      // Derived data: the nginx lines stay in their own groups, and a retained group with a fixed
      // name would block the next deploy of the same stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of AWSLambdaBasicExecutionRole, whose logs:* on every group is wider than needed.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (execution role)`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: TRIAGE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(60),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      // INFO, not higher: EMF and classified-event lines carry no `level` and count as INFO.
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environment: props.environment,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      // The options the functions' bundle test runs with, so what is tested is what is deployed.
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: FUNCTION_BUNDLING.target,
        externalModules: [...FUNCTION_BUNDLING.external],
        mainFields: [...FUNCTION_BUNDLING.mainFields],
        banner: FUNCTION_BUNDLING.banner,
        minify: FUNCTION_BUNDLING.minify,
        keepNames: FUNCTION_BUNDLING.keepNames,
        sourceMap: FUNCTION_BUNDLING.sourcemap,
      },
      onFailure: new SqsDestination(props.onFailure),
      retryAttempts: props.retryAttempts ?? 2,
      maxEventAge: props.maxEventAge ?? Duration.hours(6),
      ...(props.reservedConcurrency !== undefined && {
        reservedConcurrentExecutions: props.reservedConcurrency,
      }),
    });
  }
}
