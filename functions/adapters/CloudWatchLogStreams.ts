import { type CloudWatchLogsClient, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { LogStreamLister } from '#shared/engine/index.ts';
import { instanceFromStream } from '#shared/engine/index.ts';
import type { EpochMs } from '#shared/model/index.ts';

/** Pages of 50 streams read per log group and sweeper run (DescribeLogStreams allows 5 calls/s). */
export const MAX_STREAM_PAGES = 4;

/**
 * Fleet members from CloudWatch Logs: the streams of a log group by last event time, newest first
 * (`DescribeLogStreams`, `orderBy: LastEventTime`, descending), in a bounded number of pages, until
 * one is older than `since`. Quiet instances count: a stream that logged anything in the membership
 * horizon is an instance that exists. CloudWatch updates `lastEventTimestamp` eventually (usually
 * within an hour): fine against a horizon of a day. Only the configured source log groups are
 * listed (the role may describe only those). A failed listing is reported and reads as no extra
 * members: the member items still stand.
 */
export class CloudWatchLogStreams implements LogStreamLister {
  readonly #client: CloudWatchLogsClient;
  readonly #logGroups: ReadonlySet<string>;
  readonly #pattern: RegExp | undefined;
  readonly #onError: (logGroup: string, error: unknown) => void;
  readonly #maxPages: number;

  constructor(options: {
    client: CloudWatchLogsClient;
    logGroups: readonly string[];
    instancePattern: RegExp | undefined;
    onError: (logGroup: string, error: unknown) => void;
    maxPages?: number;
  }) {
    this.#client = options.client;
    this.#logGroups = new Set(options.logGroups);
    this.#pattern = options.instancePattern;
    this.#onError = options.onError;
    this.#maxPages = options.maxPages ?? MAX_STREAM_PAGES;
  }

  async recentInstances(logGroup: string, since: EpochMs): Promise<string[]> {
    if (!this.#logGroups.has(logGroup)) return [];
    const instances = new Set<string>();
    let nextToken: string | undefined;
    try {
      for (let page = 0; page < this.#maxPages; page++) {
        const out = await this.#client.send(
          new DescribeLogStreamsCommand({
            logGroupName: logGroup,
            orderBy: 'LastEventTime',
            descending: true,
            limit: 50,
            ...(nextToken === undefined ? {} : { nextToken }),
          }),
        );
        for (const stream of out.logStreams ?? []) {
          const last = stream.lastEventTimestamp ?? stream.creationTime ?? 0;
          if (last < since) return [...instances];
          if (stream.logStreamName) instances.add(instanceFromStream(stream.logStreamName, this.#pattern));
        }
        nextToken = out.nextToken;
        if (nextToken === undefined) break;
      }
    } catch (error) {
      this.#onError(logGroup, error);
    }
    return [...instances];
  }
}

/** The configured source log groups (`SOURCE_LOG_GROUPS`, a JSON array of names); [] when unset. */
export function parseSourceLogGroups(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  const parsed: unknown = JSON.parse(raw);
  if (!Array.isArray(parsed) || !parsed.every((g) => typeof g === 'string')) {
    throw new TypeError('SOURCE_LOG_GROUPS must be a JSON array of log group names');
  }
  return parsed;
}
