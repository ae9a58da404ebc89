import type { DeliveryResult, SweepResult } from '#shared/engine/index.ts';
import type { SweepMetrics } from '../adapters/metrics.ts';

/** Per log group counts of one sweep ('' for alerts that name no log group). */
export function sweepMetrics(result: SweepResult, delivery: DeliveryResult): SweepMetrics {
  const alertsSent: Record<string, number> = {};
  const deployTransients: Record<string, number> = {};
  const incidentsClosed: Record<string, number> = {};
  const add = (into: Record<string, number>, key: string) => {
    into[key] = (into[key] ?? 0) + 1;
  };
  for (const alert of delivery.sent) {
    add(alertsSent, alert.scope.logGroup);
    if (alert.kind === 'resolved') add(incidentsClosed, alert.scope.logGroup);
  }
  for (const incident of result.closed) {
    add(incidentsClosed, incident.logGroup);
    if (incident.transient && incident.instance !== null) add(deployTransients, incident.logGroup);
  }
  return { alertsSent, deployTransients, incidentsClosed };
}
