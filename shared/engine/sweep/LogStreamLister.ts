import type { EpochMs } from '../../model/index.ts';

/** Lists the instances of a log group that logged since a time (CloudWatch Logs `DescribeLogStreams`). */
export interface LogStreamLister {
  /** Instances whose stream's last event is at or after `since`: a bounded number of pages, newest first. */
  recentInstances(logGroup: string, since: EpochMs): Promise<string[]>;
}
