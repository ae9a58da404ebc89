import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface KinesisDeliveryProps {
  /** The ingest function, fed by the event source mapping. */
  ingest: lambda.IFunction;
  key: kms.IKey;
  /** Batches that fail every retry: their shard and sequence range land here (the records stay in the stream for 24 h). */
  onFailure: sqs.IQueue;
  batchSize: number;
  batchWindowSeconds: number;
  parallelizationFactor: number;
  retryAttempts: number;
  /** Accounts whose CloudWatch Logs may assume the delivery role (this account is always one). */
  sourceAccounts: readonly string[];
  /** An organisation whose accounts' CloudWatch Logs may assume the delivery role. */
  organizationId?: string;
}

/**
 * CloudWatch Logs -> Kinesis data stream -> ingest, for volume (batching, per-shard order, replay,
 * back-pressure) and for other accounts (a Logs destination fronts a stream, never a Lambda).
 *
 * - The stream is on-demand (no shards to size) and encrypted with the stack's key.
 * - The role CloudWatch Logs assumes to put records may be assumed only for log groups of this
 *   account or the configured source accounts (`aws:SourceArn`), or of the organisation.
 * - The event source mapping: batches of `batchSize` records or `batchWindowSeconds`, bisected on
 *   error, partial failures reported (`ReportBatchItemFailures`: the handler returns the first
 *   failed sequence number), `retryAttempts` retries then the batch's description goes to the
 *   on-failure queue, `parallelizationFactor` concurrent batches per shard (ByLogStream keeps one
 *   instance on one shard; the factor keeps per-partition-key order).
 */
export class KinesisDelivery extends Construct {
  readonly stream: kinesis.Stream;
  /** The role CloudWatch Logs assumes (subscription filters, the Logs destination, the account policy). */
  readonly logsRole: iam.Role;
  readonly eventSource: KinesisEventSource;

  constructor(scope: Construct, id: string, props: KinesisDeliveryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.stream = new kinesis.Stream(this, 'Stream', {
      streamMode: kinesis.StreamMode.ON_DEMAND,
      encryption: kinesis.StreamEncryption.KMS,
      encryptionKey: props.key,
      retentionPeriod: Duration.hours(24),
    });
    Validations.of(this.stream).acknowledge({
      id: 'AwsSolutions-KDS3',
      reason:
        "Encrypted with the stack's customer-managed key on purpose: one key whose policy is conditioned per " +
        'service and source, rotated yearly, and readable by exactly the roles that get kms:Decrypt on it.',
    });

    const logsArnOf = (account: string) =>
      stack.formatArn({
        service: 'logs',
        account,
        resource: '*',
        arnFormat: ArnFormat.NO_RESOURCE_NAME,
      });
    const accounts = [stack.account, ...props.sourceAccounts];
    const conditions: Record<string, Record<string, unknown>> = props.organizationId === undefined
      ? { StringLike: { 'aws:SourceArn': accounts.map(logsArnOf) } }
      : { StringEquals: { 'aws:SourceOrgID': props.organizationId } };
    this.logsRole = new iam.Role(this, 'LogsRole', {
      description: 'upstream-triage: CloudWatch Logs puts matching nginx error events into the stream',
      assumedBy: new iam.ServicePrincipal('logs.amazonaws.com').withConditions(conditions),
    });
    this.logsRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kinesis:PutRecord', 'kinesis:PutRecords'],
        resources: [this.stream.streamArn],
      }),
    );
    this.logsRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [props.key.keyArn] }),
    );

    this.eventSource = new KinesisEventSource(this.stream, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: props.batchSize,
      maxBatchingWindow: Duration.seconds(props.batchWindowSeconds),
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: props.retryAttempts,
      parallelizationFactor: props.parallelizationFactor,
      onFailure: new SqsDlq(props.onFailure),
    });
    props.ingest.addEventSource(this.eventSource);
  }
}
