import type { Alert } from '../alerts/Alert.ts';
import type { EngineConfig } from './EngineConfig.ts';
import { EngineError } from './EngineError.ts';
import { expiresAtFor } from './expiresAtFor.ts';
import type { PendingAlert } from './PendingAlert.ts';
import type { AlertRecord, StateStore } from './ports.ts';
import { updateIncident } from './storeIncident.ts';
import { writeDeployWindow } from './writeDeployWindow.ts';

/** Publishing one or more alerts failed; their claims were released so a retry sends them. */
export class AlertDeliveryError extends EngineError {
  override name = 'AlertDeliveryError';
}

export interface DeliveryResult {
  /** Published by this call. */
  sent: Alert[];
  /** Already claimed by someone else (sent before, or being sent by a concurrent invocation). */
  skipped: Alert[];
}

/**
 * Publishes decided alerts exactly once across retries and races: claim the alert's key (a
 * conditional put), publish, confirm the claim, then record it on the incident (or deploy window).
 * A failed publish releases its claim; after trying every alert the call throws an
 * `AlertDeliveryError` so the invocation is retried, and the batch is NOT marked done. When every
 * alert went out, `batch` (from `ingestBatch`) is marked done so a redelivery changes nothing.
 *
 * `now` is the caller's clock for claim leases: the wall clock in Lambda, event time in the CLI.
 */
export async function deliverAlerts(
  pending: readonly PendingAlert[],
  store: StateStore,
  publish: (alert: Alert) => Promise<unknown>,
  options: {
    now: number;
    config: EngineConfig;
    batch?: { batchId: string; expiresAt: number; duplicate?: boolean };
  },
): Promise<DeliveryResult> {
  const { now, config } = options;
  const result: DeliveryResult = { sent: [], skipped: [] };
  const failures: unknown[] = [];
  for (const { alert, effect } of pending) {
    const record: AlertRecord = {
      key: alert.key,
      kind: alert.kind,
      state: 'claimed',
      claimedAt: now,
      subject: alert.subject,
      expiresAt: expiresAtFor(Math.max(now, alert.decidedAt), config),
    };
    if (!(await store.claimAlert(record, config.claimLease * 1000))) {
      result.skipped.push(alert);
      // Someone else sent (or is sending) the resolved message: the incident is closed either way.
      if (alert.kind === 'resolved' && effect.incident?.close !== undefined)
        await applyEffect(store, alert, effect);
      continue;
    }
    try {
      await publish(alert);
    } catch (error: unknown) {
      await store.releaseAlert(alert.key);
      failures.push(error);
      continue;
    }
    await store.confirmAlert(alert.key);
    await applyEffect(store, alert, effect);
    result.sent.push(alert);
  }
  if (failures.length > 0) {
    throw new AlertDeliveryError(`${failures.length} of ${pending.length} alerts could not be published`, {
      cause: failures.length === 1 ? failures[0] : new AggregateError(failures),
    });
  }
  if (options.batch && !options.batch.duplicate)
    await store.markBatchDone(options.batch.batchId, options.batch.expiresAt);
  return result;
}

async function applyEffect(store: StateStore, alert: Alert, effect: PendingAlert['effect']): Promise<void> {
  if (effect.incident) {
    const { slot, seq, close, lastSeen } = effect.incident;
    await updateIncident(store, slot, seq, (incident) => {
      if (incident.alerted[alert.kind] !== undefined && (close === undefined || incident.state === 'closed'))
        return undefined;
      incident.alerted[alert.kind] ??= alert.decidedAt;
      if (
        close !== undefined &&
        incident.state === 'open' &&
        incident.lastSeen <= (lastSeen ?? incident.lastSeen)
      ) {
        incident.state = 'closed';
        incident.closedAt = close;
      }
      return incident;
    });
  }
  if (effect.window) {
    const { id } = effect.window;
    const window = await store.getDeployWindow(id);
    // Conditional: a deploy event or an ingest may be merging into the same window right now.
    if (window && !window.digestSent)
      await writeDeployWindow(store, [window], (view) => {
        const current = view.find((w) => w.id === id);
        return current && !current.digestSent ? { ...current, digestSent: true } : undefined;
      });
  }
}
