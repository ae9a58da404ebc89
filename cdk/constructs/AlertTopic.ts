import { Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { alarmSourceConditions } from './TriageKey.ts';

export interface AlertTopicProps {
  /** Subscribed by e-mail; each address must click the confirmation link AWS sends. */
  emails: readonly string[];
  /** Use this topic instead of creating one. Its owner must let CloudWatch alarms publish. */
  existingTopicArn?: string;
  /** The stack's key (its policy lets CloudWatch alarms of this account use it). */
  key: kms.IKey;
  displayName?: string;
}

/**
 * One SNS topic of the stack: incident alerts, the operations topic (pipeline alarms, heartbeats),
 * or the chat topic.
 *
 * Encrypted with the stack's customer-managed KMS key: CloudWatch alarms cannot publish to a topic
 * under the AWS-managed `aws/sns` key, and `SnsAction` adds no policy, so the key policy and the
 * topic policy name `cloudwatch.amazonaws.com` explicitly, conditioned on this account's alarms.
 * Publishers get `sns:Publish` on this topic and exactly the two key actions SNS needs.
 */
export class AlertTopic extends Construct {
  readonly topic: sns.ITopic;
  readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    this.key = props.key;
    if (props.existingTopicArn !== undefined) {
      this.topic = sns.Topic.fromTopicArn(this, 'Topic', props.existingTopicArn);
    } else {
      const topic = new sns.Topic(this, 'Topic', {
        displayName: props.displayName ?? 'upstream-triage',
        masterKey: props.key,
        enforceSSL: true,
      });
      topic.addToResourcePolicy(
        new PolicyStatement({
          sid: 'AllowCloudWatchAlarmsOfThisAccount',
          principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: alarmSourceConditions(Stack.of(this)),
        }),
      );
      this.topic = topic;
    }
    for (const email of props.emails) this.topic.addSubscription(new EmailSubscription(email));
  }

  /** Lets `grantee` publish: `sns:Publish` on the topic plus `kms:GenerateDataKey`/`kms:Decrypt` on its key. */
  grantPublish(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
      }),
    );
  }
}
