import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { CfnSubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { constructIdFor } from './constructIdFor.ts';

export interface ErrorLogSubscriptionProps {
  /** The ingest function every filter delivers to. */
  destination: lambda.IFunction;
  /** Existing nginx error log groups, by name. */
  logGroupNames: readonly string[];
  filterPattern: string;
  /** Same name on every group, so `ForwardedLogEvents` and `DeliveryErrors` are easy to find. */
  filterName: string;
}

/**
 * Subscribes the ingest function to each configured log group: one `AWS::Logs::SubscriptionFilter`
 * per group and ONE invoke permission for `logs.amazonaws.com` covering every log group of this
 * account and region. CDK's `LambdaDestination` would add one permission statement per group, and
 * the function policy's 20 KB limit is reached near 40 groups. The filters depend on the
 * permission: without it CloudWatch Logs pauses a filter and skips its data instead of failing.
 *
 * Each log group takes at most 2 subscription filters; a group whose two slots are taken by other
 * forwarders makes the deploy fail with LimitExceededException, which is the right moment to know.
 */
export class ErrorLogSubscription extends Construct {
  readonly permission: CfnPermission;
  readonly filters: readonly CfnSubscriptionFilter[];

  constructor(scope: Construct, id: string, props: ErrorLogSubscriptionProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.permission = new CfnPermission(this, 'InvokeFromLogs', {
      action: 'lambda:InvokeFunction',
      functionName: props.destination.functionArn,
      principal: 'logs.amazonaws.com',
      sourceAccount: stack.account,
      // arn:aws:logs:<region>:<account>:log-group:* (a colon before the name, not a slash).
      sourceArn: stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: '*',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    });

    this.filters = props.logGroupNames.map((logGroupName) => {
      const filter = new CfnSubscriptionFilter(this, constructIdFor('Filter', logGroupName), {
        logGroupName,
        filterName: props.filterName,
        filterPattern: props.filterPattern,
        destinationArn: props.destination.functionArn,
      });
      filter.node.addDependency(this.permission);
      return filter;
    });
  }
}
