/** The stack name `cdk deploy` uses unless `-c stackName=...` says otherwise. */
export const DEFAULT_STACK_NAME = 'UpstreamTriage';

/** Prefix of the log groups the stack creates; subscribing one of them would make ingest invoke itself. */
export const OWN_LOG_GROUP_PREFIX = '/upstream-triage/';

/**
 * The classified-events log group of a stack (the ingest function's own log group): what the saved
 * queries, the dashboard and `upstream-triage query` read.
 *
 * @example classifiedEventsLogGroupName('UpstreamTriage') // '/upstream-triage/UpstreamTriage/classified-events'
 */
export function classifiedEventsLogGroupName(stackName: string = DEFAULT_STACK_NAME): string {
  return `${OWN_LOG_GROUP_PREFIX}${stackName}/classified-events`;
}
