/**
 * EventBridge events in the shapes AWS documents (CodeDeploy, EC2 Auto Scaling and Elastic Beanstalk
 * event references, the aws_lambda_events fixtures), with times and ids of one plausible rollout.
 */

const envelope = (
  source: string,
  detailType: string,
  time: string,
  detail: Record<string, unknown>,
  resources: string[] = [],
) => ({
  version: '0',
  id: 'c071bfbf-83c4-49ca-a6ff-3df053957145',
  'detail-type': detailType,
  source,
  account: '123456789012',
  time,
  region: 'us-east-1',
  resources,
  detail,
});

export const codeDeployDeployment = (state: string, time: string) =>
  envelope(
    'aws.codedeploy',
    'CodeDeploy Deployment State-change Notification',
    time,
    {
      instanceGroupId: '9fd2fbef-2157-40d8-91e7-6845af69e2d2',
      region: 'us-east-1',
      application: 'shop',
      deploymentId: 'd-7HT4L2XQB',
      state,
      deploymentGroup: 'shop-prod',
    },
    [
      'arn:aws:codedeploy:us-east-1:123456789012:application:shop',
      'arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:shop/shop-prod',
    ],
  );

export const codeDeployInstance = (state: string, time: string, instanceId = 'i-0a1b2c3d4e5f60718') =>
  envelope(
    'aws.codedeploy',
    'CodeDeploy Instance State-change Notification',
    time,
    {
      instanceId,
      region: 'us-east-1',
      state,
      application: 'shop',
      deploymentId: 'd-7HT4L2XQB',
      instanceGroupId: '8cd3bfa8-9e72-4cbe-a1e5-da4efc7efd49',
      deploymentGroup: 'shop-prod',
    },
    [`arn:aws:ec2:us-east-1:123456789012:instance/${instanceId}`],
  );

export const instanceRefresh = (what: string, time: string) =>
  envelope(
    'aws.autoscaling',
    `EC2 Auto Scaling Instance Refresh ${what}`,
    time,
    {
      InstanceRefreshId: 'c613620e-07e2-4ed2-a9e2-ef8258911ade',
      AutoScalingGroupName: 'shop-web-asg',
      ...(what === 'Checkpoint Reached' ? { CheckpointPercentage: '50', CheckpointDelay: '300' } : {}),
    },
    ['arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/shop-web-asg'],
  );

export const launchSuccessful = (instance: string, start: string, end: string) =>
  envelope(
    'aws.autoscaling',
    'EC2 Instance Launch Successful',
    end,
    {
      StatusCode: 'InProgress',
      Description: `Launching a new EC2 instance: ${instance}`,
      AutoScalingGroupName: 'shop-web-asg',
      ActivityId: '87654321-4321-4321-4321-210987654321',
      Details: { 'Availability Zone': 'us-east-1b', 'Subnet ID': 'subnet-12345678' },
      RequestId: '12345678-1234-1234-1234-123456789012',
      StatusMessage: '',
      EndTime: end,
      EC2InstanceId: instance,
      StartTime: start,
      Cause: 'At 2026-03-14T10:00:00Z an instance was started in response to an instance refresh.',
    },
    [
      'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/shop-web-asg',
      `arn:aws:ec2:us-east-1:123456789012:instance/${instance}`,
    ],
  );

/** "EC2 Instance Terminate Successful": the documented fields of its launch counterpart. */
export const terminateSuccessful = (instance: string, start: string, end: string) => {
  const event = launchSuccessful(instance, start, end);
  return {
    ...event,
    'detail-type': 'EC2 Instance Terminate Successful',
    detail: {
      ...event.detail,
      Description: `Terminating EC2 instance: ${instance}`,
      Cause: `At ${start} an instance was taken out of service in response to a user request.`,
    },
  };
};

export const terminateLifecycleAction = (instance: string, time: string) =>
  envelope('aws.autoscaling', 'EC2 Instance-terminate Lifecycle Action', time, {
    LifecycleActionToken: '87654321-4321-4321-4321-210987654321',
    AutoScalingGroupName: 'shop-web-asg',
    LifecycleHookName: 'drain-nginx',
    EC2InstanceId: instance,
    LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING',
    NotificationMetadata: 'additional-info',
    Origin: 'AutoScalingGroup',
    Destination: 'EC2',
  });

export const beanstalkStatus = (status: string, time: string, eventDate: number, message: string) =>
  envelope(
    'aws.elasticbeanstalk',
    'Elastic Beanstalk resource status change',
    time,
    {
      Status: status,
      EventDate: eventDate,
      ApplicationName: 'shop',
      Message: message,
      EnvironmentName: 'shop-prod',
      Severity: status.endsWith('failed') ? 'ERROR' : 'INFO',
    },
    ['arn:aws:elasticbeanstalk:us-east-1:123456789012:environment/shop/shop-prod'],
  );

export const beanstalkHealth = (time: string) =>
  envelope('aws.elasticbeanstalk', 'Health status change', time, {
    Status: 'Environment health changed',
    EventDate: Date.parse(time),
    ApplicationName: 'shop',
    Message: 'Environment health has transitioned from Ok to Degraded.',
    EnvironmentName: 'shop-prod',
    Severity: 'WARN',
  });

export const customDeploy = (detailType: string, time: string, detail: Record<string, unknown>) =>
  envelope('upstream-triage', detailType, time, detail);
