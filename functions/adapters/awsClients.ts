import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { boundedClientConfig, DYNAMODB_BUDGET, type SdkBudget } from './sdkBudgets.ts';

/**
 * SDK attempts per call (1 + retries) for throttling, 5xx, network errors and timeouts. The functions
 * run asynchronously and Lambda retries a failed invocation too, so a few quick SDK retries are enough.
 */
export const SDK_MAX_ATTEMPTS = DYNAMODB_BUDGET.maxAttempts;

/**
 * The DynamoDB DocumentClient the handlers share (created once per execution environment), with the
 * timeouts of `DYNAMODB_BUDGET` (see `sdkBudgets.ts`). Region and credentials come from the Lambda
 * environment; `AWS_ENDPOINT_URL_DYNAMODB` (read by the SDK itself) points it elsewhere, which the
 * bundle test uses to reach dynalite. `config` adds client options (tests: endpoint, credentials).
 */
export function createDocumentClient(
  budget: SdkBudget = DYNAMODB_BUDGET,
  config: DynamoDBClientConfig = {},
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ ...config, ...boundedClientConfig(budget) }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
