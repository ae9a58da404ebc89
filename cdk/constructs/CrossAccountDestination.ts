import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { CfnDestination } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface CrossAccountDestinationProps {
  destinationName: string;
  stream: kinesis.IStream;
  /** The role CloudWatch Logs assumes to put records into the stream. */
  logsRole: iam.IRole;
  sourceAccounts: readonly string[];
  organizationId?: string;
}

/**
 * A CloudWatch Logs destination in front of the stream, so log groups of other accounts can
 * subscribe to it (a subscription filter reaches a Lambda or a stream only in its own account).
 * Its access policy lets exactly the configured accounts, or the accounts of the organisation, put
 * a subscription filter on it. Each source account then runs one command per log group
 * (docs/deploy.md, "Logs from other accounts"); the sender's log groups must be in this region.
 */
export class CrossAccountDestination extends Construct {
  readonly destination: CfnDestination;
  readonly destinationArn: string;

  constructor(scope: Construct, id: string, props: CrossAccountDestinationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.destinationArn = stack.formatArn({
      service: 'logs',
      resource: 'destination',
      resourceName: props.destinationName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.destination = new CfnDestination(this, 'Destination', {
      destinationName: props.destinationName,
      targetArn: props.stream.streamArn,
      roleArn: props.logsRole.roleArn,
      destinationPolicy: stack.toJsonString(accessPolicy(this.destinationArn, props)),
    });
    // The destination's role must be able to put records before Logs sends its test message.
    this.destination.node.addDependency(props.logsRole);
  }
}

/** The destination's access policy: who may create subscription filters on it. */
export function accessPolicy(
  destinationArn: string,
  props: Pick<CrossAccountDestinationProps, 'sourceAccounts' | 'organizationId'>,
): Record<string, unknown> {
  const statement: Record<string, unknown>[] = [];
  if (props.sourceAccounts.length > 0) {
    statement.push({
      Sid: 'SourceAccounts',
      Effect: 'Allow',
      Principal: { AWS: [...props.sourceAccounts] },
      Action: 'logs:PutSubscriptionFilter',
      Resource: destinationArn,
    });
  }
  if (props.organizationId !== undefined) {
    statement.push({
      Sid: 'SourceOrganization',
      Effect: 'Allow',
      Principal: '*',
      Action: 'logs:PutSubscriptionFilter',
      Resource: destinationArn,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': [props.organizationId] } },
    });
  }
  return { Version: '2012-10-17', Statement: statement };
}
