import type { Burst, DeployWindow, Incident } from '../../model/index.ts';
import type { EngineSettings } from '../config/index.ts';
import { coveringWindow, windowEnd } from './deployWindows.ts';

/**
 * What a restart incident on one instance is, at time `now`:
 * - `page`: a burst outlasted its deadline (grace after it began, or grace after the deploy window
 *   covering it ended): the backend did not come back;
 * - `transient`: every burst ended before its deadline and the deadline has passed: a restart
 *   (a deploy's, when a window covers it) that is not worth a page;
 * - `held`: still within grace.
 */
export type RestartVerdict =
  | { verdict: 'page'; burst: Burst; deployment?: DeployWindow }
  | { verdict: 'transient'; deployment?: DeployWindow }
  | { verdict: 'held'; until: number; deployment?: DeployWindow };

export function judgeRestart(
  incident: Incident,
  bursts: readonly Burst[] | undefined,
  windows: readonly DeployWindow[],
  now: number,
  config: Pick<EngineSettings, 'graceMs' | 'maxDeployDurationMs' | 'unscopedDeployWindows'>,
): RestartVerdict {
  const graceMs = config.graceMs;
  const instance = incident.instance ?? '';
  let relevant = (bursts ?? []).filter((b) => b.end >= incident.firstSeen && b.start <= incident.lastSeen);
  // Without activity records (expired, or not written yet) the incident's own span stands in.
  if (relevant.length === 0) {
    relevant = [
      { start: incident.firstSeen, end: incident.lastSeen, count: incident.count, causes: [incident.cause] },
    ];
  }
  let last: { deadline: number; deployment?: DeployWindow } = { deadline: -Infinity };
  for (const burst of relevant) {
    const deployment = coveringWindow(windows, incident.logGroup, instance, burst.start, config);
    const deadline = Math.max(
      burst.start + graceMs,
      deployment ? windowEnd(deployment, config) + graceMs : -Infinity,
    );
    if (burst.end > deadline)
      return deployment ? { verdict: 'page', burst, deployment } : { verdict: 'page', burst };
    last = deployment ? { deadline, deployment } : { deadline };
  }
  if (now >= last.deadline)
    return last.deployment ? { verdict: 'transient', deployment: last.deployment } : { verdict: 'transient' };
  return last.deployment
    ? { verdict: 'held', until: last.deadline, deployment: last.deployment }
    : { verdict: 'held', until: last.deadline };
}
