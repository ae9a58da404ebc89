import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlertTopicProps {
  /** Subscribed by e-mail; each address must click the confirmation link AWS sends. */
  emails: readonly string[];
  /** Use this topic instead of creating one. Its owner must let CloudWatch alarms publish. */
  existingTopicArn?: string;
  /** Encrypt with this key instead of a key created here. Its owner must let CloudWatch use it. */
  kmsKeyArn?: string;
}

/**
 * The SNS topic that carries incident alerts and the pipeline's own alarms.
 *
 * Encrypted with a customer-managed KMS key (rotated yearly): CloudWatch alarms cannot publish to a
 * topic under the AWS-managed `aws/sns` key, and `SnsAction` adds no policy, so the key policy and
 * the topic policy here name `cloudwatch.amazonaws.com` explicitly. Publishers get `sns:Publish` on
 * this topic and exactly the two key actions SNS needs, never `kms:GenerateDataKey*`.
 */
export class AlertTopic extends Construct {
  readonly topic: sns.ITopic;
  /** The key the topic is encrypted with, when this stack knows it. */
  readonly key?: kms.IKey;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const alarmSource = {
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

    if (props.kmsKeyArn !== undefined) {
      this.key = kms.Key.fromKeyArn(this, 'Key', props.kmsKeyArn);
    } else if (props.existingTopicArn === undefined) {
      const key = new kms.Key(this, 'Key', {
        description: 'Encrypts the upstream-triage alert topic',
        enableKeyRotation: true,
      });
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudWatchAlarmsToPublishToTheEncryptedTopic',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: ['*'],
        }),
      );
      this.key = key;
    }

    if (props.existingTopicArn !== undefined) {
      this.topic = sns.Topic.fromTopicArn(this, 'Topic', props.existingTopicArn);
    } else {
      const topic = new sns.Topic(this, 'Topic', {
        displayName: 'upstream-triage',
        masterKey: this.key,
        enforceSSL: true,
      });
      topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudWatchAlarmsOfThisAccount',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: alarmSource,
        }),
      );
      this.topic = topic;
    }

    for (const email of props.emails) this.topic.addSubscription(new EmailSubscription(email));
  }

  /** Lets `grantee` publish: `sns:Publish` on the topic plus `kms:GenerateDataKey`/`kms:Decrypt` on its key. */
  grantPublish(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
    );
    if (this.key !== undefined) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [this.key.keyArn],
        }),
      );
    }
  }
}
