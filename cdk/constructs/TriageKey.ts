import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Logical id of the key in earlier versions of the stack (`Alerts/Key`). */
export const PREVIOUS_KEY_LOGICAL_ID = 'AlertsKey9E1197AF';

export interface TriageKeyProps {
  /** Use this customer-managed key instead of creating one; its owner writes its key policy. */
  keyArn?: string;
}

/**
 * The stack's customer-managed KMS key (rotated yearly): the topics, the classified-events log group
 * and the Kinesis stream are encrypted with it. Service principals get statements conditioned on
 * this account and the exact source: CloudWatch alarms of this account, CloudWatch Logs for the
 * named log groups (the `aws:logs:arn` encryption context). Roles of the stack get key actions
 * through their own IAM policies, which the default key policy (account root) lets take effect.
 *
 * An imported key (`kmsKeyArn`) is used as is: its policy is its owner's (docs/deploy.md lists the
 * statements it needs).
 */
export class TriageKey extends Construct {
  readonly key: kms.IKey;
  /** Whether this stack owns the key policy (a key it created). */
  readonly owned: boolean;

  constructor(scope: Construct, id: string, props: TriageKeyProps = {}) {
    super(scope, id);
    if (props.keyArn !== undefined) {
      this.key = kms.Key.fromKeyArn(this, 'Imported', props.keyArn);
      this.owned = false;
      return;
    }
    this.key = new kms.Key(this, 'Key', {
      description: 'upstream-triage: encrypts its topics, classified-events log group and stream',
      enableKeyRotation: true,
    });
    this.owned = true;
    // The key used to be the alert topic's (construct path Alerts/Key): keeping its logical id lets an
    // existing stack keep its key instead of creating a new one and retaining the old one.
    (this.key.node.defaultChild as kms.CfnKey).overrideLogicalId(PREVIOUS_KEY_LOGICAL_ID);
    const stack = Stack.of(this);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccountToPublishToEncryptedTopics',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: alarmSourceConditions(stack),
      }),
    );
  }

  /** Lets CloudWatch Logs encrypt and read the named log groups of this account with the key. */
  allowLogGroups(logGroupNames: readonly string[]): void {
    if (!this.owned || logGroupNames.length === 0) return;
    const stack = Stack.of(this);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsForTheStacksLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnEquals: {
            'kms:EncryptionContext:aws:logs:arn': logGroupNames.map((name) =>
              stack.formatArn({
                service: 'logs',
                resource: 'log-group',
                resourceName: name,
                arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              }),
            ),
          },
        },
      }),
    );
  }
}

/** CloudWatch alarms of this account: the conditions for its service principal. */
export function alarmSourceConditions(stack: Stack): Record<string, Record<string, string>> {
  return {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: {
      'aws:SourceArn': stack.formatArn({
        service: 'cloudwatch',
        resource: 'alarm',
        resourceName: '*',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    },
  };
}
