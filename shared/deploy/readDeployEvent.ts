import type { DeployEventReading, DeploySignal } from './DeploySignal.ts';

/** The `source` and detail-types of our own event, for any pipeline (`aws events put-events`). */
export const CUSTOM_DEPLOY_SOURCE = 'upstream-triage';
export const CUSTOM_DEPLOY_STARTED = 'Deployment Started';
export const CUSTOM_DEPLOY_FINISHED = 'Deployment Finished';

const MAX_LABEL = 200;
const MAX_ID = 256;
const MAX_INSTANCES = 1000;
const MAX_LOG_GROUPS = 100;

type Detail = Record<string, unknown>;
interface Envelope {
  source: string;
  detailType: string;
  time: number;
  detail: Detail;
}

/**
 * Reads an EventBridge event (CodeDeploy, EC2 Auto Scaling, Elastic Beanstalk, or our custom
 * `upstream-triage` event) into a deploy signal. Pure: no clock, no I/O.
 *
 * | source / detail-type | signal |
 * |---|---|
 * | CodeDeploy Deployment State-change: START / SUCCESS, FAILURE, STOP / other | start / end / progress of `deploymentId` |
 * | CodeDeploy Instance State-change (any state) | progress of `deploymentId` |
 * | Auto Scaling Instance Refresh Started / Succeeded, Failed, Cancelled | start / end of `asg-refresh-<id>` |
 * | ... Rollback Started / Rollback Succeeded, Rollback Failed | start / end of `asg-refresh-<id>-rollback` |
 * | ... Checkpoint Reached, Started Baking | progress |
 * | EC2 Instance-launch Lifecycle Action / Launch Successful, Unsuccessful | start / span, end of `asg-launch-<instance>` (that instance only) |
 * | EC2 Instance-terminate Lifecycle Action / Terminate Successful, Unsuccessful | start / span, end of `asg-terminate-<instance>` |
 * | ... Launch Successful / Terminate Successful | also: the instance joined / left its group's fleet |
 * | Elastic Beanstalk resource status change: Environment update started / successful, failed | start / end of `eb:<environment>` (recurring: no deployment id) |
 * | upstream-triage Deployment Started / Finished `{ id, instances?, logGroup?, logGroups?, label? }` | start / end of `id` |
 *
 * Scope: a CodeDeploy instance event adds its `instanceId` to the window; CodeDeploy, Auto Scaling and
 * Beanstalk signals carry a `scope` (`codedeploy:<app>/<group>`, `asg:<group>`, `beanstalk:<env>`)
 * that `scopeSignal` maps to log groups; a custom event names its log groups itself.
 *
 * @example readDeployEvent(codeDeployStart).kind // 'signal'
 */
export function readDeployEvent(event: unknown): DeployEventReading {
  const envelope = readEnvelope(event);
  if (typeof envelope === 'string') return { kind: 'invalid', reason: envelope };
  switch (envelope.source) {
    case 'aws.codedeploy':
      return readCodeDeploy(envelope);
    case 'aws.autoscaling':
      return readAutoScaling(envelope);
    case 'aws.elasticbeanstalk':
      return readBeanstalk(envelope);
    case CUSTOM_DEPLOY_SOURCE:
      return readCustom(envelope);
    default:
      return {
        kind: 'ignored',
        reason: `source ${JSON.stringify(envelope.source)} is not a deployment source`,
      };
  }
}

function readEnvelope(event: unknown): Envelope | string {
  if (!isObject(event)) return 'event is not an object';
  const { source, time, detail } = event;
  const detailType = event['detail-type'];
  if (typeof source !== 'string' || source === '') return 'event has no source';
  if (typeof detailType !== 'string' || detailType === '') return 'event has no detail-type';
  if (!isObject(detail)) return `${detailType}: event has no detail object`;
  const ms = typeof time === 'string' ? Date.parse(time) : Number.NaN;
  if (!Number.isFinite(ms)) return `${detailType}: event time ${JSON.stringify(time)} is not an ISO date`;
  return { source, detailType, time: ms, detail };
}

function readCodeDeploy({ detailType, time, detail }: Envelope): DeployEventReading {
  const isDeployment = detailType === 'CodeDeploy Deployment State-change Notification';
  const isInstance = detailType === 'CodeDeploy Instance State-change Notification';
  if (!isDeployment && !isInstance) return ignored(detailType);
  const key = text(detail.deploymentId, MAX_ID);
  if (key === undefined) return { kind: 'invalid', reason: `${detailType}: detail.deploymentId is missing` };
  const state = typeof detail.state === 'string' ? detail.state : '';
  const application = text(detail.application, 100);
  const group = text(detail.deploymentGroup, 100);
  const base: DeploySignal = {
    key,
    recurring: false,
    seen: time,
    ...(application !== undefined && group !== undefined
      ? { scope: `codedeploy:${application}/${group}` }
      : {}),
    label: label(`CodeDeploy ${[application, group].filter(Boolean).join('/') || key}`),
  };
  // Instance events only widen the window (the deployment's own events say when it starts and
  // ends), and name the instance: the window then covers the instances being deployed, not the fleet.
  if (isInstance) {
    const instance = text(detail.instanceId, 64);
    return signal(instance === undefined ? base : { ...base, instances: [instance] });
  }
  if (state === 'START') return signal({ ...base, start: time });
  if (state === 'SUCCESS' || state === 'FAILURE' || state === 'STOP') return signal({ ...base, end: time });
  return signal(base);
}

const REFRESH = 'EC2 Auto Scaling Instance Refresh ';

function readAutoScaling({ detailType, time, detail }: Envelope): DeployEventReading {
  const groupName = text(detail.AutoScalingGroupName, 255);
  if (detailType.startsWith(REFRESH)) {
    const id = text(detail.InstanceRefreshId, MAX_ID);
    if (id === undefined)
      return { kind: 'invalid', reason: `${detailType}: detail.InstanceRefreshId is missing` };
    const what = detailType.slice(REFRESH.length);
    const rollback = what.startsWith('Rollback ');
    const base: DeploySignal = {
      key: rollback ? `asg-refresh-${id}-rollback` : `asg-refresh-${id}`,
      recurring: false,
      seen: time,
      ...(groupName !== undefined ? { scope: `asg:${groupName}` } : {}),
      label: label(`Auto Scaling instance refresh${rollback ? ' rollback' : ''} of ${groupName ?? id}`),
    };
    const outcome = rollback ? what.slice('Rollback '.length) : what;
    if (outcome === 'Started') return signal({ ...base, start: time });
    if (outcome === 'Succeeded' || outcome === 'Failed' || outcome === 'Cancelled')
      return signal({ ...base, end: time });
    return signal(base);
  }
  const instanceKinds: Record<string, { kind: 'launch' | 'terminate'; phase: 'start' | 'span' | 'end' }> = {
    'EC2 Instance-launch Lifecycle Action': { kind: 'launch', phase: 'start' },
    'EC2 Instance Launch Successful': { kind: 'launch', phase: 'span' },
    'EC2 Instance Launch Unsuccessful': { kind: 'launch', phase: 'end' },
    'EC2 Instance-terminate Lifecycle Action': { kind: 'terminate', phase: 'start' },
    'EC2 Instance Terminate Successful': { kind: 'terminate', phase: 'span' },
    'EC2 Instance Terminate Unsuccessful': { kind: 'terminate', phase: 'end' },
  };
  const known = instanceKinds[detailType];
  if (!known) return ignored(detailType);
  const instance = text(detail.EC2InstanceId, 64);
  if (instance === undefined)
    return { kind: 'invalid', reason: `${detailType}: detail.EC2InstanceId is missing` };
  const base: DeploySignal = {
    key: `asg-${known.kind}-${instance}`,
    recurring: false,
    seen: time,
    instances: [instance],
    ...(groupName !== undefined ? { scope: `asg:${groupName}` } : {}),
    label: label(
      `Auto Scaling ${known.kind === 'launch' ? 'launch' : 'termination'} of ${instance}${groupName ? ` in ${groupName}` : ''}`,
    ),
  };
  if (known.phase === 'start') return signal({ ...base, start: time });
  if (known.phase === 'end') return signal({ ...base, end: time });
  // The activity's own StartTime / EndTime bound the window better than the event time.
  const start = isoTime(detail.StartTime) ?? time;
  const end = isoTime(detail.EndTime) ?? time;
  return signal({
    ...base,
    start: Math.min(start, end),
    end: Math.max(start, end),
    fleet: known.kind === 'launch' ? 'joined' : 'left',
  });
}

function readBeanstalk({ detailType, time, detail }: Envelope): DeployEventReading {
  if (detailType !== 'Elastic Beanstalk resource status change') return ignored(detailType);
  const status = typeof detail.Status === 'string' ? detail.Status : '';
  const phase =
    status === 'Environment update started'
      ? 'start'
      : status === 'Environment update successful' || status === 'Environment update failed'
        ? 'end'
        : undefined;
  if (phase === undefined)
    return {
      kind: 'ignored',
      reason: `${detailType}: status ${JSON.stringify(status)} is not an environment update`,
    };
  const environment = text(detail.EnvironmentName, 100);
  if (environment === undefined)
    return { kind: 'invalid', reason: `${detailType}: detail.EnvironmentName is missing` };
  // EventDate (epoch ms) is more precise than the envelope's whole-second time.
  const at =
    typeof detail.EventDate === 'number' && Number.isFinite(detail.EventDate) ? detail.EventDate : time;
  const application = text(detail.ApplicationName, 100);
  return signal({
    key: `eb:${environment}`,
    recurring: true,
    seen: at,
    scope: `beanstalk:${environment}`,
    ...(phase === 'start' ? { start: at } : { end: at }),
    label: label(`Elastic Beanstalk ${application ? `${application}/` : ''}${environment}`),
  });
}

function readCustom({ detailType, time, detail }: Envelope): DeployEventReading {
  const phase =
    detailType === CUSTOM_DEPLOY_STARTED
      ? 'start'
      : detailType === CUSTOM_DEPLOY_FINISHED
        ? 'end'
        : undefined;
  if (phase === undefined) return ignored(detailType);
  const id = text(detail.id, MAX_ID);
  if (id === undefined)
    return {
      kind: 'invalid',
      reason: `${detailType}: detail.id must be a non-empty string of at most ${MAX_ID} characters`,
    };
  let instances: string[] | undefined;
  if (detail.instances !== undefined) {
    if (!Array.isArray(detail.instances) || detail.instances.length > MAX_INSTANCES) {
      return {
        kind: 'invalid',
        reason: `${detailType}: detail.instances must be an array of at most ${MAX_INSTANCES} instance ids`,
      };
    }
    instances = [];
    for (const value of detail.instances) {
      const instance = text(value, 256);
      if (instance === undefined)
        return {
          kind: 'invalid',
          reason: `${detailType}: detail.instances holds a value that is not a non-empty string`,
        };
      instances.push(instance);
    }
  }
  const logGroups: string[] = [];
  if (detail.logGroup !== undefined) {
    const logGroup = text(detail.logGroup, 512);
    if (logGroup === undefined)
      return { kind: 'invalid', reason: `${detailType}: detail.logGroup must be a non-empty string` };
    logGroups.push(logGroup);
  }
  if (detail.logGroups !== undefined) {
    if (!Array.isArray(detail.logGroups) || detail.logGroups.length > MAX_LOG_GROUPS)
      return {
        kind: 'invalid',
        reason: `${detailType}: detail.logGroups must be an array of at most ${MAX_LOG_GROUPS} log group names`,
      };
    for (const value of detail.logGroups) {
      const logGroup = text(value, 512);
      if (logGroup === undefined)
        return {
          kind: 'invalid',
          reason: `${detailType}: detail.logGroups holds a value that is not a non-empty string`,
        };
      logGroups.push(logGroup);
    }
  }
  // A long label is cut, not refused: it is only display text.
  const given = text(detail.label, 10_000);
  return signal({
    key: id,
    recurring: false,
    seen: time,
    ...(phase === 'start' ? { start: time } : { end: time }),
    ...(instances && instances.length > 0 ? { instances } : {}),
    ...(logGroups.length > 0 ? { logGroups: [...new Set(logGroups)].sort() } : {}),
    label: label(given ?? `Deployment ${id}`),
  });
}

function signal(s: DeploySignal): DeployEventReading {
  return { kind: 'signal', signal: s };
}

function ignored(detailType: string): DeployEventReading {
  return {
    kind: 'ignored',
    reason: `detail-type ${JSON.stringify(detailType)} says nothing about a deployment`,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty, trimmed string of at most `max` characters, else undefined. */
function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' || trimmed.length > max ? undefined : trimmed;
}

function isoTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Alert text from event fields: control characters removed, bounded. */
function label(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return clean.length > MAX_LABEL ? `${clean.slice(0, MAX_LABEL - 3)}...` : clean;
}
