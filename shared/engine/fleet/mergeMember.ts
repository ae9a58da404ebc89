import type { Burst, FleetMember, InstanceActivity } from '../../model/index.ts';
import type { EngineSettings } from '../config/index.ts';
import { appendNewest } from '../store/index.ts';

/** Restart bursts a member keeps (the newest): enough for flapping, fleet overlap and grace over a day. */
export const MAX_MEMBER_BURSTS = 48;
/** Batch ids a member keeps as its redelivery guard (a batch is redelivered within minutes). */
export const MAX_MEMBER_BATCHES = 32;

export type MemberOutcome =
  | { kind: 'unchanged'; member: Readonly<FleetMember> }
  | { kind: 'merged'; member: FleetMember };

/**
 * Merges one batch's activity of an instance into its member item, purely: `lastEvent` takes the
 * max, bursts join those closer than `burstGap` (in any delivery order: the union of intervals does
 * not depend on it), the oldest bursts past `MAX_MEMBER_BURSTS` are dropped and counted. A batch
 * already merged (its id in `batches`) changes nothing.
 */
export function mergeMember(
  current: Readonly<FleetMember> | undefined,
  activity: InstanceActivity,
  config: Pick<EngineSettings, 'burstGapMs'>,
  expiresAt: number,
): MemberOutcome {
  if (current?.batches.includes(activity.batchId)) return { kind: 'unchanged', member: current };
  // Most batches have no restart: bursts already joined stay as they are (joining them again would
  // give equal ones), shared with `current` (stores hand out frozen members).
  const { bursts, cut } =
    activity.restartBursts.length === 0 && current !== undefined && isJoined(current.bursts, config)
      ? { bursts: current.bursts as Burst[], cut: 0 }
      : joinBursts([...(current?.bursts ?? []), ...activity.restartBursts], config);
  let lifecycle = current?.lastLifecycle ?? -Infinity;
  for (const l of activity.lifecycle) if (l.time > lifecycle) lifecycle = l.time;
  return {
    kind: 'merged',
    member: {
      ...(Number.isFinite(lifecycle) ? { lastLifecycle: lifecycle } : {}),
      logGroup: activity.logGroup,
      instance: activity.instance,
      lastEvent: Math.max(current?.lastEvent ?? 0, activity.lastSeen),
      bursts,
      burstsCut: (current?.burstsCut ?? 0) + cut,
      batches: appendNewest(current?.batches ?? [], activity.batchId, MAX_MEMBER_BATCHES),
      version: (current?.version ?? 0) + 1,
      expiresAt: Math.max(current?.expiresAt ?? 0, expiresAt),
    },
  };
}

/** Whether `joinBursts` would give these bursts back unchanged: sorted, apart by more than `burstGap`, not too many. */
function isJoined(bursts: readonly Burst[], config: Pick<EngineSettings, 'burstGapMs'>): boolean {
  if (bursts.length > MAX_MEMBER_BURSTS) return false;
  for (let i = 0; i < bursts.length; i++) {
    const b = bursts[i]!;
    if (b.end < b.start) return false;
    for (let c = 0; c < b.causes.length; c++) if (b.causes.indexOf(b.causes[c]!) !== c) return false;
    if (i > 0 && b.start - bursts[i - 1]!.end <= config.burstGapMs) return false;
  }
  return true;
}

/** Bursts sorted and joined across gaps up to `burstGap`; the newest `MAX_MEMBER_BURSTS` kept. */
export function joinBursts(
  list: readonly Burst[],
  config: Pick<EngineSettings, 'burstGapMs'>,
): { bursts: Burst[]; cut: number } {
  const sorted = [...list].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Burst[] = [];
  for (const b of sorted) {
    const last = out.at(-1);
    if (last && b.start - last.end <= config.burstGapMs) {
      last.end = Math.max(last.end, b.end);
      last.count += b.count;
      for (const c of b.causes) if (!last.causes.includes(c)) last.causes.push(c);
    } else {
      out.push({ start: b.start, end: b.end, count: b.count, causes: [...b.causes] });
    }
  }
  const cut = Math.max(0, out.length - MAX_MEMBER_BURSTS);
  return { bursts: cut > 0 ? out.slice(cut) : out, cut };
}

/**
 * The members' bursts by instance (what `judgeRestart`, the fleet rule and wave inference read),
 * copied field by field: spreading a frozen burst (a stored member's) takes V8's slow path.
 */
export function burstsOf(members: readonly FleetMember[]): Map<string, Burst[]> {
  const out = new Map<string, Burst[]>();
  for (const m of members)
    if (m.bursts.length > 0)
      out.set(
        m.instance,
        m.bursts.map((b) => ({ start: b.start, end: b.end, count: b.count, causes: [...b.causes] })),
      );
  return out;
}

/** The fleet size a log group's fractions use: its members, at least the configured size. */
export function fleetSizeOf(
  logGroup: string,
  members: readonly FleetMember[] | ReadonlySet<string>,
  config: Pick<EngineSettings, 'fleetSizes'>,
): number {
  const seen = 'size' in members ? members.size : members.length;
  return Math.max(seen, config.fleetSizes[logGroup] ?? 0);
}

/** How many instances must fail together for a correlated incident of a fleet of `fleetSize`. */
export function correlatedThreshold(
  fleetSize: number,
  config: Pick<EngineSettings, 'fleetMinInstances' | 'fleetFraction'>,
): number {
  return Math.max(2, Math.min(config.fleetMinInstances, Math.ceil(config.fleetFraction * fleetSize)));
}
