import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { CfnSubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { Construct, type IDependable } from 'constructs';
import { constructIdFor } from './constructIdFor.ts';

/** Where the filters deliver: the ingest function, or a Kinesis stream through a role Logs assumes. */
export type SubscriptionTarget =
  | { kind: 'lambda'; fn: lambda.IFunction }
  | { kind: 'kinesis'; streamArn: string; roleArn: string; dependsOn: IDependable };

export interface ErrorLogSubscriptionProps {
  target: SubscriptionTarget;
  /** Existing nginx error log groups, by name. */
  logGroupNames: readonly string[];
  filterPattern: string;
  /** Same name on every group, so `ForwardedLogEvents` and `DeliveryErrors` are easy to find. */
  filterName: string;
}

/** `arn:aws:logs:<region>:<account>:log-group:<name>:*`, the source ARN Logs invokes with. */
export function logGroupSourceArn(stack: Stack, logGroupName: string): string {
  return stack.formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: `${logGroupName}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * One `AWS::Logs::SubscriptionFilter` per configured log group.
 *
 * Lambda target: one invoke permission per log group, its `SourceArn` that group's ARN, so no other
 * log group of the account can invoke ingest. Each statement costs ~300 bytes of the function
 * policy's 20 KB, which is why the config caps a Lambda destination at 40 groups (Kinesis or the
 * account policy take more). Each filter depends on its permission: without it CloudWatch Logs
 * pauses the filter and skips its data instead of failing the deploy.
 *
 * Kinesis target: the filter names the stream and the role CloudWatch Logs assumes to put records;
 * `ByLogStream` keeps one log stream (one instance) on one shard, in order.
 *
 * Each log group takes at most 2 subscription filters; `upstream-triage doctor --preflight` says
 * before the deploy when a group is missing or both slots are taken.
 */
export class ErrorLogSubscription extends Construct {
  readonly permissions: readonly CfnPermission[];
  readonly filters: readonly CfnSubscriptionFilter[];

  constructor(scope: Construct, id: string, props: ErrorLogSubscriptionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const permissions: CfnPermission[] = [];
    const { target } = props;

    this.filters = props.logGroupNames.map((logGroupName) => {
      const filter = new CfnSubscriptionFilter(this, constructIdFor('Filter', logGroupName), {
        logGroupName,
        filterName: props.filterName,
        filterPattern: props.filterPattern,
        ...(target.kind === 'lambda'
          ? { destinationArn: target.fn.functionArn }
          : { destinationArn: target.streamArn, roleArn: target.roleArn, distribution: 'ByLogStream' }),
      });
      if (target.kind === 'lambda') {
        const permission = new CfnPermission(this, constructIdFor('Invoke', logGroupName), {
          action: 'lambda:InvokeFunction',
          functionName: target.fn.functionArn,
          principal: 'logs.amazonaws.com',
          sourceAccount: stack.account,
          sourceArn: logGroupSourceArn(stack, logGroupName),
        });
        permissions.push(permission);
        filter.node.addDependency(permission);
      } else {
        filter.node.addDependency(target.dependsOn);
      }
      return filter;
    });
    this.permissions = permissions;
  }
}
