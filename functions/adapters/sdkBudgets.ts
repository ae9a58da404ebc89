/**
 * Time budgets of every AWS SDK call, so that no call can outlive the function (or keep a CLI user
 * waiting forever): an endpoint that accepts a connection and never answers costs at most
 * {@link worstCaseMs} per call, after which the SDK throws a `TimeoutError`.
 *
 * The handlers' time line (the function timeout and the lease are checked against these in a test):
 * - one DynamoDB call takes at most 10.5 s, one SNS publish at most 15 s (every attempt timed out,
 *   plus the SDK's back-off);
 * - a claim is settled (confirmed) or released at most 36 s after it was taken (claim, publish,
 *   confirm or release): `ALERT_RESERVE_MS`, and no alert is started with less time
 *   than that left, so no claim is abandoned by the function's own timeout (ingest 60 s, sweeper 50 s);
 * - the claim lease (45 s) is longer than that, so a live publisher keeps its claim, and shorter than
 *   Lambda's first retry (60 s), so a retry never finds a dead claim still leased.
 *
 * Plain data (no SDK import): the CLI uses the same shapes for its CloudWatch Logs and EventBridge
 * clients.
 */
export interface SdkBudget {
  /** Time to establish the TCP/TLS connection. */
  connectionTimeoutMs: number;
  /** Time for one attempt, from sending the request to the end of the response. */
  requestTimeoutMs: number;
  /** Attempts per call (1 + the SDK's own retries of throttling, 5xx, network errors and timeouts). */
  maxAttempts: number;
}

/** Conditional writes, small reads and queries of the state table. */
export const DYNAMODB_BUDGET: Readonly<SdkBudget> = Object.freeze({
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 1_500,
  maxAttempts: 3,
});

/** One Publish (at most 256 KB). */
export const SNS_BUDGET: Readonly<SdkBudget> = Object.freeze({
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 3_000,
  maxAttempts: 3,
});

/** The CLI's calls (Logs Insights queries, PutEvents): a person waits, so more patience, still bounded. */
export const CLI_BUDGET: Readonly<SdkBudget> = Object.freeze({
  connectionTimeoutMs: 3_000,
  requestTimeoutMs: 15_000,
  maxAttempts: 3,
});

/** The SDK's largest back-off base (throttling: 500 ms, doubled per retry, capped at 20 s). */
const THROTTLING_BACKOFF_BASE_MS = 500;
const MAX_BACKOFF_MS = 20_000;

/** The longest one call can take under `budget`: every attempt connects slowly and times out, plus back-off. */
export function worstCaseMs(budget: SdkBudget): number {
  let backoff = 0;
  for (let retry = 1; retry < budget.maxAttempts; retry++)
    backoff += Math.min(MAX_BACKOFF_MS, THROTTLING_BACKOFF_BASE_MS * 2 ** retry);
  return budget.maxAttempts * (budget.connectionTimeoutMs + budget.requestTimeoutMs) + backoff;
}

/**
 * Client options for a budget: `maxAttempts` and the Node HTTP handler's timeouts, given as plain
 * options (the SDK builds its `NodeHttpHandler` from them). `throwOnRequestTimeout` matters: without
 * it the handler only logs a warning when `requestTimeout` passes and keeps waiting.
 */
export function boundedClientConfig(budget: SdkBudget) {
  return {
    maxAttempts: budget.maxAttempts,
    requestHandler: {
      connectionTimeout: budget.connectionTimeoutMs,
      requestTimeout: budget.requestTimeoutMs,
      throwOnRequestTimeout: true,
      // No byte for this long also ends an attempt (the SDK's default would be 300 s).
      socketTimeout: budget.requestTimeoutMs,
    },
  };
}

/**
 * The functions' timeouts (seconds) these budgets were checked against: the stack sets exactly these
 * (they live in the contract, so the two cannot drift). A test fails when a budget no longer fits them.
 */
export { FUNCTION_TIMEOUT_SECONDS } from '#shared/contract/index.ts';

/** Lambda's first retry of a failed asynchronous invocation comes about this long after it (ms). */
export const FIRST_RETRY_DELAY_MS = 60_000;
