import type { BatchMetrics, MetricsSink, SweepMetrics } from '#functions/adapters/metrics.ts';

/** A MetricsSink that keeps what it was given (the EMF adapter has its own tests and the bundle test). */
export class RecordingMetrics implements MetricsSink {
  readonly batches: BatchMetrics[] = [];
  readonly sweeps: SweepMetrics[] = [];
  controlMessages = 0;

  recordBatch(batch: BatchMetrics): void {
    this.batches.push(batch);
  }

  recordControlMessage(): void {
    this.controlMessages++;
  }

  recordSweep(sweep: SweepMetrics): void {
    this.sweeps.push(sweep);
  }
}
