import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { CUSTOM_DEPLOY_FINISHED, CUSTOM_DEPLOY_SOURCE, CUSTOM_DEPLOY_STARTED } from '#shared/deploy/index.ts';

/**
 * The deploy signals that exist as EventBridge events (there is none for ELB target health), by
 * rule: exactly the detail-types the deploy-events function reads (`readDeployEvent`), so no
 * invocation is spent on an event it would ignore. The custom one is what `upstream-triage deploy
 * start|finish` sends for pipelines without CodeDeploy.
 */
export const DEPLOY_EVENT_PATTERNS = {
  CodeDeploy: {
    source: ['aws.codedeploy'],
    detailType: [
      'CodeDeploy Deployment State-change Notification',
      'CodeDeploy Instance State-change Notification',
    ],
  },
  AutoScaling: {
    source: ['aws.autoscaling'],
    detailType: [
      'EC2 Instance-launch Lifecycle Action',
      'EC2 Instance Launch Successful',
      'EC2 Instance Launch Unsuccessful',
      'EC2 Instance-terminate Lifecycle Action',
      'EC2 Instance Terminate Successful',
      'EC2 Instance Terminate Unsuccessful',
      'EC2 Auto Scaling Instance Refresh Started',
      'EC2 Auto Scaling Instance Refresh Checkpoint Reached',
      'EC2 Auto Scaling Instance Refresh Succeeded',
      'EC2 Auto Scaling Instance Refresh Failed',
      'EC2 Auto Scaling Instance Refresh Cancelled',
      'EC2 Auto Scaling Instance Refresh Rollback Started',
      'EC2 Auto Scaling Instance Refresh Rollback Succeeded',
      'EC2 Auto Scaling Instance Refresh Rollback Failed',
    ],
  },
  ElasticBeanstalk: {
    source: ['aws.elasticbeanstalk'],
    detailType: ['Elastic Beanstalk resource status change'],
  },
  Custom: {
    source: [CUSTOM_DEPLOY_SOURCE],
    detailType: [CUSTOM_DEPLOY_STARTED, CUSTOM_DEPLOY_FINISHED],
  },
} as const satisfies Record<string, { source: readonly string[]; detailType: readonly string[] }>;

export interface DeploySignalsProps {
  /** The deploy-events function. */
  deployEvents: lambda.IFunction;
  /** The sweeper function, run every minute. */
  sweeper: lambda.IFunction;
}

/**
 * EventBridge wiring: one rule per deploy-signal source on the default bus to the deploy-events
 * function, and the sweeper's one-minute schedule. EventBridge itself retries delivery; once the
 * function accepted an event, the function's own async retries and on-failure queue take over.
 */
export class DeploySignals extends Construct {
  readonly rules: Readonly<Record<keyof typeof DEPLOY_EVENT_PATTERNS | 'Sweeper', events.Rule>>;

  constructor(scope: Construct, id: string, props: DeploySignalsProps) {
    super(scope, id);
    const target = new LambdaFunction(props.deployEvents, {
      retryAttempts: 8,
      maxEventAge: Duration.hours(2),
    });
    const rules: Partial<Record<keyof typeof DEPLOY_EVENT_PATTERNS | 'Sweeper', events.Rule>> = {};
    for (const [name, pattern] of Object.entries(DEPLOY_EVENT_PATTERNS)) {
      rules[name as keyof typeof DEPLOY_EVENT_PATTERNS] = new events.Rule(this, name, {
        description: `upstream-triage: ${name} deploy signals to the deploy-events function`,
        eventPattern: { source: [...pattern.source], detailType: [...pattern.detailType] },
        targets: [target],
      });
    }
    rules.Sweeper = new events.Rule(this, 'Sweeper', {
      description: 'upstream-triage: close quiet incidents, page held ones, send digests',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(props.sweeper, { retryAttempts: 0 })],
    });
    this.rules = rules as Record<keyof typeof DEPLOY_EVENT_PATTERNS | 'Sweeper', events.Rule>;
  }
}
