/**
 * What makes a rolling deploy zero-downtime on EC2 behind a load balancer: said in every digest of
 * a deploy that was not. Ordered by how often each is the culprit.
 */
export const DEPLOYMENT_FIX: readonly string[] = [
  'Take the instance out of the load balancer before stopping the app: deregister it from the target group ' +
    'and wait out the deregistration delay (ALB default 300 s; set it a little above your longest request).',
  'Health checks: point the target group health check at a path that goes through nginx to the app, so an ' +
    'instance whose app is down is marked unhealthy (ALB defaults: every 30 s, 2 failures).',
  'CodeDeploy in-place with a load balancer: BlockTraffic runs before ApplicationStop and AllowTraffic after ' +
    'ValidateService. Make sure the deployment group names the target group, stop the app in ApplicationStop ' +
    '(not in BeforeInstall), and have ValidateService wait until the app answers.',
  'Graceful app-server shutdown: on SIGTERM stop accepting, finish in-flight requests, then exit ' +
    '(gunicorn --graceful-timeout, puma/unicorn phased restart, php-fpm process_control_timeout, ' +
    'Node server.close()); give systemd TimeoutStopSec enough time.',
  'Elastic Beanstalk: use "Rolling with additional batch" or "Immutable" instead of AllAtOnce (the default for ' +
    'environments created by CloudFormation), with a health check URL that reaches the app.',
];

/** Commands that show the settings above. */
export const DEPLOYMENT_COMMANDS: readonly string[] = [
  'aws elbv2 describe-target-group-attributes --target-group-arn <arn> --query "Attributes[?Key==\'deregistration_delay.timeout_seconds\']"',
  'aws elbv2 describe-target-groups --target-group-arns <arn> --query "TargetGroups[].[HealthCheckPath,HealthCheckIntervalSeconds,UnhealthyThresholdCount]"',
  'aws deploy get-deployment-group --application-name <app> --deployment-group-name <group> --query "deploymentGroupInfo.loadBalancerInfo"',
  'aws elasticbeanstalk describe-configuration-settings --application-name <app> --environment-name <env> --query "ConfigurationSettings[].OptionSettings[?OptionName==\'DeploymentPolicy\']"',
];
