import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import type { BatchProgress, IncidentQuery, StateStore } from '#shared/engine/store/StateStore.ts';
import type {
  AlertRecord,
  DeployWindow,
  EpochMs,
  EpochSeconds,
  FleetMember,
  Incident,
  InstanceActivity,
  WindowScope,
} from '#shared/model/index.ts';

/**
 * A `MemoryStateStore` whose incident LISTINGS lag behind its writes, the way DynamoDB's global
 * secondary indexes do (they are eventually consistent; `DynamoStateStore.listIncidents` reads them).
 * Reads by key (`getIncident`) stay strongly consistent, as DynamoDB's consistent reads are.
 *
 * The lagging view is a snapshot taken at `catchUp()`: until the next call, a listing omits incidents
 * created since and returns the older version of incidents updated since. The harshest realistic
 * model: the index has caught up with everything before the current invocation and nothing of it.
 */
export class LaggingIndexStore implements StateStore {
  readonly inner = new MemoryStateStore();
  #index = new MemoryStateStore();

  /** The index catches up with every write so far. */
  async catchUp(): Promise<void> {
    const index = new MemoryStateStore();
    // The memory store lists every log group without a query; a fresh store accepts any version at 0.
    for (const incident of await this.inner.listIncidents({})) await index.putIncident(incident, 0);
    this.#index = index;
  }

  listIncidents(query: IncidentQuery): Promise<Incident[]> {
    return this.#index.listIncidents(query);
  }

  batchProgress(batchId: string): Promise<BatchProgress> {
    return this.inner.batchProgress(batchId);
  }
  markBatchApplied(batchId: string, expiresAt: EpochSeconds): Promise<void> {
    return this.inner.markBatchApplied(batchId, expiresAt);
  }
  markBatchDone(batchId: string, expiresAt: EpochSeconds): Promise<void> {
    return this.inner.markBatchDone(batchId, expiresAt);
  }
  getIncident(slot: string): Promise<Incident | undefined> {
    return this.inner.getIncident(slot);
  }
  putIncident(incident: Incident, expectedVersion: number): Promise<boolean> {
    return this.inner.putIncident(incident, expectedVersion);
  }
  putActivity(activity: InstanceActivity): Promise<void> {
    return this.inner.putActivity(activity);
  }
  listActivity(logGroup: string, from: EpochMs, to: EpochMs): Promise<InstanceActivity[]> {
    return this.inner.listActivity(logGroup, from, to);
  }
  getMember(logGroup: string, instance: string): Promise<FleetMember | undefined> {
    return this.inner.getMember(logGroup, instance);
  }
  putMember(member: FleetMember, expectedVersion: number): Promise<boolean> {
    return this.inner.putMember(member, expectedVersion);
  }
  touchMember(logGroup: string, instance: string, at: EpochMs, expiresAt: EpochSeconds): Promise<void> {
    return this.inner.touchMember(logGroup, instance, at, expiresAt);
  }
  removeMember(logGroup: string, instance: string): Promise<void> {
    return this.inner.removeMember(logGroup, instance);
  }
  listMembers(logGroup: string, since: EpochMs): Promise<FleetMember[]> {
    return this.inner.listMembers(logGroup, since);
  }
  putDeployWindow(window: DeployWindow): Promise<boolean> {
    return this.inner.putDeployWindow(window);
  }
  getDeployWindow(id: string): Promise<DeployWindow | undefined> {
    return this.inner.getDeployWindow(id);
  }
  listDeployWindows(from: EpochMs, to: EpochMs, scope?: WindowScope): Promise<DeployWindow[]> {
    return this.inner.listDeployWindows(from, to, scope);
  }
  claimAlert(record: AlertRecord, leaseMs: number): Promise<boolean> {
    return this.inner.claimAlert(record, leaseMs);
  }
  confirmAlert(key: string): Promise<void> {
    return this.inner.confirmAlert(key);
  }
  releaseAlert(key: string): Promise<void> {
    return this.inner.releaseAlert(key);
  }
  alertState(key: string): ReturnType<StateStore['alertState']> {
    return this.inner.alertState(key);
  }
}
