import type { Alert } from '../../alerts/index.ts';
import type { AlertRecord } from '../../model/index.ts';
import type { EngineSettings } from '../config/index.ts';
import { EngineError, expiresAtFor } from '../config/index.ts';
import type { StateStore } from '../store/index.ts';
import { updateIncident } from '../store/index.ts';
import { writeDeployWindow } from '../windows/index.ts';
import type { PendingAlert } from './PendingAlert.ts';

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

export interface DeliveryOptions {
  /** The lease clock when `clock` is not given (event time in the CLI). */
  now: number;
  /** Read before each claim (the wall clock in Lambda), so every claim's lease starts when it is taken. */
  clock?: () => number;
  /**
   * Who delivers: the invocation (Lambda's request id, kept by its retries). A retry takes its own
   * unconfirmed claims again at once instead of waiting out the lease. Absent: only the lease frees
   * a claim this call could not settle.
   */
  owner?: string;
  /**
   * Time left before the function's own timeout (Lambda's `getRemainingTimeInMillis`). No alert is
   * started with less than `reserveMs` left: its claim could not be settled or released in time.
   */
  remainingMs?: () => number;
  /** Default {@link ALERT_RESERVE_MS}. */
  reserveMs?: number;
  config: EngineSettings;
  batch?: { batchId: string; expiresAt: number; duplicate?: boolean };
}

/**
 * Time from taking a claim to confirming or releasing it at worst: claim, publish, confirm (or
 * release), three bounded SDK calls every attempt of which times out, with the SDK's largest
 * back-off (see the functions' client budgets, checked against this in a test). No alert starts with
 * less time than this left before the function's timeout.
 */
export const ALERT_RESERVE_MS = 36_000;

/** Tries of the writes that follow a successful publish (confirm, record on the incident) in one call. */
const SETTLE_ATTEMPTS = 3;

/**
 * Publishes decided alerts so that none is lost and, short of a publish whose response was lost, none
 * is sent twice, across retries, races and store or SNS faults:
 *
 * 1. claim the alert's deterministic key (a conditional put carrying the `owner` and the claim time);
 * 2. publish; a failed publish releases the claim (a retry sends it), the call goes on with the others;
 * 3. confirm the claim (`sent`) and only then record the alert on its incident or deploy window; these
 *    writes are tried up to three times, since the message is out and a retry would send it again.
 *
 * A claim that is refused is somebody else's: when its record says `sent`, the alert is recorded on
 * its incident here (the sender may have died between publishing and recording); when it is still
 * `claimed`, its holder, the holder's retry (same owner) or, after the lease, anybody publishes it.
 * The lease must be shorter than Lambda's retry delay (60 s) and longer than one alert's worst case.
 *
 * Any failure makes the call throw an `AlertDeliveryError` after trying every alert, and the batch
 * is NOT marked done, so the invocation is retried. When every alert went out (here or, confirmed,
 * by somebody else), `batch` (from `ingestBatch`) is marked done so a redelivery changes nothing; a
 * batch one of whose alerts is still being sent by another invocation stays `applied`: should that
 * invocation die, the retry of either batch decides again instead of finding the batch done.
 */
export async function deliverAlerts(
  pending: readonly PendingAlert[],
  store: StateStore,
  publish: (alert: Alert) => Promise<unknown>,
  options: DeliveryOptions,
): Promise<DeliveryResult> {
  const { now, config } = options;
  const clock = options.clock ?? (() => now);
  const reserve = options.reserveMs ?? ALERT_RESERVE_MS;
  const result: DeliveryResult = { sent: [], skipped: [] };
  const failures: unknown[] = [];
  let heldElsewhere = false;
  for (const { alert, effect } of pending) {
    if (options.remainingMs !== undefined && options.remainingMs() < reserve) {
      failures.push(
        new AlertDeliveryError(`less than ${reserve} ms left: "${alert.subject}" left to the retry`),
      );
      break;
    }
    const claimedAt = clock();
    const record: AlertRecord = {
      key: alert.key,
      kind: alert.kind,
      state: 'claimed',
      claimedAt,
      subject: alert.subject,
      expiresAt: expiresAtFor(Math.max(claimedAt, alert.decidedAt), config),
    };
    if (options.owner !== undefined) record.owner = options.owner;
    try {
      if (!(await store.claimAlert(record, config.claimLeaseMs))) {
        result.skipped.push(alert);
        const state = await store.alertState(alert.key);
        // Being sent by somebody else, who may die: this batch stays `applied`, so its own retry or
        // a redelivery decides again and, if the claim was never confirmed, sends it.
        if (state !== 'sent') heldElsewhere = true;
        // Sent: record it (its sender may have died before it did). Being sent: a resolved message
        // closes the incident either way.
        if (state === 'sent' || (alert.kind === 'resolved' && effect.incident?.close !== undefined))
          await applyEffect(store, alert, effect);
        continue;
      }
    } catch (error: unknown) {
      // Unknown whether the claim landed: the retry (same owner) or the lease settles it.
      failures.push(error);
      continue;
    }
    try {
      await publish(alert);
    } catch (error: unknown) {
      failures.push(error);
      // A failed release leaves our claim: our retry takes it again, others after the lease.
      await store.releaseAlert(alert.key).catch((release: unknown) => failures.push(release));
      continue;
    }
    const settled = await settle(async () => {
      await store.confirmAlert(alert.key);
      await applyEffect(store, alert, effect);
    });
    if (settled !== undefined) failures.push(settled);
    result.sent.push(alert);
  }
  if (failures.length > 0) {
    throw new AlertDeliveryError(`${failures.length} of ${pending.length} alerts could not be delivered`, {
      cause: failures.length === 1 ? failures[0] : new AggregateError(failures),
    });
  }
  if (options.batch && !options.batch.duplicate && !heldElsewhere)
    await store.markBatchDone(options.batch.batchId, options.batch.expiresAt);
  return result;
}

/** Runs the idempotent writes after a publish up to `SETTLE_ATTEMPTS` times; the last error, if any. */
async function settle(writes: () => Promise<void>): Promise<unknown> {
  let last: unknown;
  for (let attempt = 0; attempt < SETTLE_ATTEMPTS; attempt++) {
    try {
      await writes();
      return undefined;
    } catch (error: unknown) {
      last = error;
    }
  }
  return last;
}

async function applyEffect(store: StateStore, alert: Alert, effect: PendingAlert['effect']): Promise<void> {
  if (effect.incident) {
    const { slot, seq, close, lastSeen, announced } = effect.incident;
    await updateIncident(store, slot, seq, (incident) => {
      const announces = announced !== undefined && announced.members > (incident.announced?.members ?? 0);
      if (
        incident.alerted[alert.kind] !== undefined &&
        (close === undefined || incident.state === 'closed') &&
        !announces
      )
        return undefined;
      incident.alerted[alert.kind] ??= alert.decidedAt;
      if (announces) incident.announced = announced;
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
