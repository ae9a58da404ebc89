import type { EngineSettings } from '../engine/index.ts';
import type { DeploySignal } from './DeploySignal.ts';

/**
 * The log group Elastic Beanstalk streams an environment's nginx error log to (Amazon Linux 2 and
 * 2023 platforms): a Beanstalk deployment needs no `deployScopes` entry to find its own log group.
 */
export function beanstalkErrorLogGroup(environment: string): string {
  return `/aws/elasticbeanstalk/${environment}/var/log/nginx/error.log`;
}

/**
 * The signal with the log groups of its scope: the ones the event names itself (custom events), else
 * the stack's `deployScopes` entry for its source group, else, for Elastic Beanstalk, the
 * environment's own error-log group. A signal no source maps stays unscoped; the engine then applies
 * it to every log group or to none, as `unscopedDeployWindows` says.
 *
 * @example scopeSignal({ ..., scope: 'codedeploy:shop/shop-prod' }, { deployScopes: { 'codedeploy:shop/shop-prod': ['/prod/nginx'] } }).logGroups // ['/prod/nginx']
 */
export function scopeSignal(
  signal: DeploySignal,
  config: Pick<EngineSettings, 'deployScopes'>,
): DeploySignal {
  if (signal.logGroups !== undefined || signal.scope === undefined) return signal;
  const mapped = Object.hasOwn(config.deployScopes, signal.scope)
    ? config.deployScopes[signal.scope]
    : undefined;
  if (mapped !== undefined && mapped.length > 0) return { ...signal, logGroups: [...mapped].sort() };
  if (signal.scope.startsWith('beanstalk:'))
    return { ...signal, logGroups: [beanstalkErrorLogGroup(signal.scope.slice('beanstalk:'.length))] };
  return signal;
}
