import type { ClassifiedLine } from '../../model/index.ts';

/** One classified log event as the engine consumes it. */
export interface EngineEvent {
  logGroup: string;
  logStream: string;
  /** From `instanceFromStream(logStream)` (Lambda) or the file name (CLI). */
  instance: string;
  /** Epoch ms: the CloudWatch event time (Lambda) or nginx's time read in `--tz` (CLI). */
  timestamp: number;
  /** The CloudWatch event id (a 56-digit string) or `file:line` in the CLI. */
  eventId: string;
  classified: ClassifiedLine;
}

/**
 * One delivery: CloudWatch Logs sends one batch per (logGroup, logStream), 1 to 10 000 events, at
 * least once and in any order. Events need not be sorted.
 */
export interface EngineBatch {
  logGroup: string;
  logStream: string;
  events: readonly EngineEvent[];
}
