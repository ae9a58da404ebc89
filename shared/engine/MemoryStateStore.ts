import type {
  AlertRecord,
  BatchProgress,
  DeployWindow,
  EpochMs,
  EpochSeconds,
  Incident,
  IncidentQuery,
  InstanceActivity,
  StateStore,
} from './ports.ts';

/**
 * The in-memory `StateStore` for the CLI and tests. Values are copied in, as a database would, and
 * stored frozen: reads hand out the frozen values, so code that tried to change stored state
 * without writing it back would throw. Nothing expires: a replay is short.
 */
export class MemoryStateStore implements StateStore {
  readonly #batches = new Map<string, Exclude<BatchProgress, 'new'>>();
  /** slot -> incidents by seq. */
  readonly #incidents = new Map<string, Map<number, Incident>>();
  /** logGroup -> key -> record. Records are immutable: stored frozen and handed out as they are. */
  readonly #activity = new Map<string, Map<string, Readonly<InstanceActivity>>>();
  readonly #windows = new Map<string, DeployWindow>();
  readonly #alerts = new Map<string, AlertRecord>();

  async batchProgress(batchId: string): Promise<BatchProgress> {
    return this.#batches.get(batchId) ?? 'new';
  }

  async markBatchApplied(batchId: string, _expiresAt: EpochSeconds): Promise<void> {
    if (!this.#batches.has(batchId)) this.#batches.set(batchId, 'applied');
  }

  async markBatchDone(batchId: string, _expiresAt: EpochSeconds): Promise<void> {
    this.#batches.set(batchId, 'done');
  }

  async getIncident(slot: string): Promise<Incident | undefined> {
    const bySeq = this.#incidents.get(slot);
    if (!bySeq || bySeq.size === 0) return undefined;
    const newest = Math.max(...bySeq.keys());
    return bySeq.get(newest);
  }

  async putIncident(incident: Incident, expectedVersion: number): Promise<boolean> {
    let bySeq = this.#incidents.get(incident.slot);
    const stored = bySeq?.get(incident.seq);
    if ((stored?.version ?? 0) !== expectedVersion) return false;
    if (!bySeq) {
      bySeq = new Map();
      this.#incidents.set(incident.slot, bySeq);
    }
    bySeq.set(incident.seq, deepFreeze(structuredClone(incident)));
    return true;
  }

  /** Without `appliedDeltas`, as `DynamoStateStore` lists them: nothing may rely on them in a listing. */
  async listIncidents(query: IncidentQuery): Promise<Incident[]> {
    const out: Incident[] = [];
    for (const bySeq of this.#incidents.values()) {
      for (const incident of bySeq.values()) {
        if (query.logGroup !== undefined && incident.logGroup !== query.logGroup) continue;
        if (query.openOnly && incident.state !== 'open') continue;
        if (query.from !== undefined && incident.lastSeen < query.from) continue;
        if (query.to !== undefined && incident.firstSeen > query.to) continue;
        out.push(deepFreeze({ ...incident, appliedDeltas: [] }));
      }
    }
    return out;
  }

  async putActivity(activity: InstanceActivity): Promise<void> {
    let group = this.#activity.get(activity.logGroup);
    if (!group) {
      group = new Map();
      this.#activity.set(activity.logGroup, group);
    }
    group.set(`${activity.instance}\u0000${activity.batchId}`, deepFreeze(structuredClone(activity)));
  }

  async listActivity(logGroup: string, from: EpochMs, to: EpochMs): Promise<InstanceActivity[]> {
    const out: InstanceActivity[] = [];
    for (const a of this.#activity.get(logGroup)?.values() ?? []) {
      if (a.lastSeen >= from && a.firstSeen <= to) out.push(a);
    }
    return out;
  }

  async putDeployWindow(window: DeployWindow): Promise<boolean> {
    if (this.#windows.get(window.id)?.version !== window.version) return false;
    this.#windows.set(window.id, structuredClone({ ...window, version: (window.version ?? 0) + 1 }));
    return true;
  }

  async getDeployWindow(id: string): Promise<DeployWindow | undefined> {
    const window = this.#windows.get(id);
    return window && structuredClone(window);
  }

  async listDeployWindows(from: EpochMs, to: EpochMs): Promise<DeployWindow[]> {
    return [...this.#windows.values()]
      .filter((w) => w.start <= to && (w.end === undefined || w.end >= from))
      .map((w) => structuredClone(w));
  }

  async claimAlert(record: AlertRecord, leaseMs: number): Promise<boolean> {
    const existing = this.#alerts.get(record.key);
    const claimable =
      existing === undefined ||
      (existing.state === 'claimed' && existing.claimedAt <= record.claimedAt - leaseMs);
    if (!claimable) return false;
    this.#alerts.set(record.key, structuredClone({ ...record, state: 'claimed' }));
    return true;
  }

  async confirmAlert(key: string): Promise<void> {
    const existing = this.#alerts.get(key);
    if (existing) existing.state = 'sent';
  }

  async releaseAlert(key: string): Promise<void> {
    this.#alerts.delete(key);
  }

  /** Every alert record, for tests and the CLI report. */
  alertRecords(): AlertRecord[] {
    return [...this.#alerts.values()].map((r) => structuredClone(r));
  }
}

/** Freezes an object graph, so a caller that tries to change a stored record fails loudly. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
