import { Stack } from 'aws-cdk-lib';
import { CfnAccountPolicy } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface AccountSubscriptionPolicyProps {
  policyName: string;
  destinationArn: string;
  /** The role CloudWatch Logs assumes (Kinesis); none for a Lambda destination. */
  roleArn?: string;
  filterPattern: string;
  /** Log groups left out: the stack's own (or ingest would invoke itself forever) plus the user's. */
  excludeLogGroups: readonly string[];
}

/** The policy's selection: every log group of the account but the excluded ones. */
export function selectionCriteria(exclude: readonly string[]): string {
  return `LogGroupName NOT IN ${JSON.stringify([...exclude])}`;
}

/**
 * One account-level subscription filter policy (`SUBSCRIPTION_FILTER_POLICY`) instead of a filter
 * per group: every log group of the account and region, including groups created later, is
 * subscribed except the excluded ones (the selection accepts `LogGroupName NOT IN [...]` only).
 *
 * It does not take one of a group's two filter slots away from forwarders already there (their
 * filters keep working beside it); a group that also has its own filter to the same destination
 * would deliver its events twice, which is why the stack installs no per-group filters in this mode.
 */
export class AccountSubscriptionPolicy extends Construct {
  readonly policy: CfnAccountPolicy;

  constructor(scope: Construct, id: string, props: AccountSubscriptionPolicyProps) {
    super(scope, id);
    this.policy = new CfnAccountPolicy(this, 'Policy', {
      policyName: props.policyName,
      policyType: 'SUBSCRIPTION_FILTER_POLICY',
      scope: 'ALL',
      selectionCriteria: selectionCriteria(props.excludeLogGroups),
      policyDocument: Stack.of(this).toJsonString({
        DestinationArn: props.destinationArn,
        ...(props.roleArn !== undefined && { RoleArn: props.roleArn, Distribution: 'ByLogStream' }),
        FilterPattern: props.filterPattern,
      }),
    });
  }
}
