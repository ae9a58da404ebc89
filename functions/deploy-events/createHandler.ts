import type { DeploySignal } from '#shared/deploy/index.ts';
import { applyDeploySignal, readDeployEvent, scopeSignal } from '#shared/deploy/index.ts';
import type { EngineSettings, StateStore } from '#shared/engine/index.ts';
import { expiresAtFor, writeDeployWindow } from '#shared/engine/index.ts';
import type { JsonLineWriter } from '../adapters/writeJsonLine.ts';
import { DeployEventError } from '../errors.ts';

export interface DeployEventsDeps {
  store: StateStore;
  engine: Pick<
    EngineSettings,
    'maxDeployDurationMs' | 'retentionMs' | 'deployScopes' | 'membershipHorizonMs'
  >;
  log: JsonLineWriter;
}

export type DeployEventsResult =
  | { status: 'recorded'; window: string }
  | { status: 'ignored'; reason: string };

/** Windows this far around the event are candidates for the merge (a deployment rarely runs longer). */
const LOOKBACK_FLOOR_MS = 24 * 3600 * 1000;

/**
 * EventBridge target: turns a deployment event into a deploy window in the store, scoped to the log
 * groups and instances it concerns (see `scopeSignal`). An event we cannot
 * read throws `DeployEventError` (retried, then kept by the on-failure destination); an event that
 * says nothing about deployments is logged and ignored.
 */
export function createHandler(deps: DeployEventsDeps): (event: unknown) => Promise<DeployEventsResult> {
  return async (event) => {
    const reading = readDeployEvent(event);
    if (reading.kind === 'invalid')
      throw new DeployEventError(`Cannot read deployment event: ${reading.reason}`);
    if (reading.kind === 'ignored') {
      deps.log({ type: 'deploy_event_ignored', level: 'INFO', reason: reading.reason });
      return { status: 'ignored', reason: reading.reason };
    }
    // The deployment's log groups: named by the event, or mapped from its source group by the config.
    const signal = scopeSignal(reading.signal, deps.engine);
    const at = signal.start ?? signal.end ?? signal.seen;
    const span = Math.max(deps.engine.maxDeployDurationMs, LOOKBACK_FLOOR_MS);
    const nearby = await deps.store.listDeployWindows(at - span, at + span);
    // Read-merge-write under the window's version: concurrent events of one deployment (and the
    // engine's own updates) are merged again on a conflict rather than overwritten.
    const window = await writeDeployWindow(deps.store, nearby, (view) =>
      applyDeploySignal(view, signal, (newest) => expiresAtFor(newest, deps.engine)),
    );
    // applyDeploySignal always returns a window, so one was written.
    if (!window) throw new DeployEventError(`No deploy window written for ${signal.key}`);
    await recordFleetChange(deps, signal);
    deps.log({ type: 'deploy_window', level: 'INFO', ...window });
    return { status: 'recorded', window: window.id };
  };
}

/**
 * An Auto Scaling launch or termination changes the fleet of the group's log groups (a quiet new
 * instance counts before it logs; a terminated one stops counting). Idempotent: touching moves the
 * member's last event forward only, removing twice removes nothing more. Without a scope (the group
 * is not in `deployScopes`) there is no log group to count it in: logged, not guessed.
 */
async function recordFleetChange(deps: DeployEventsDeps, signal: DeploySignal): Promise<void> {
  if (signal.fleet === undefined) return;
  const instance = signal.instances?.[0];
  if (instance === undefined) return;
  if (signal.logGroups === undefined) {
    deps.log({
      type: 'fleet_change_unscoped',
      level: 'INFO',
      scope: signal.scope,
      instance,
      change: signal.fleet,
    });
    return;
  }
  const at = signal.end ?? signal.seen;
  for (const logGroup of signal.logGroups) {
    if (signal.fleet === 'joined')
      await deps.store.touchMember(
        logGroup,
        instance,
        at,
        expiresAtFor(at + deps.engine.membershipHorizonMs, deps.engine),
      );
    else await deps.store.removeMember(logGroup, instance);
  }
  deps.log({
    type: 'fleet_change',
    level: 'INFO',
    logGroups: signal.logGroups,
    instance,
    change: signal.fleet,
  });
}
