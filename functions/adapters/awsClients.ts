import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * SDK attempts per call (1 + retries) for throttling, 5xx and network errors. The functions run
 * asynchronously and Lambda retries a failed invocation too, so a few quick SDK retries are enough.
 */
export const SDK_MAX_ATTEMPTS = 4;

/**
 * The DynamoDB DocumentClient the handlers share (created once per execution environment). Region and
 * credentials come from the Lambda environment; `AWS_ENDPOINT_URL_DYNAMODB` (read by the SDK itself)
 * points it elsewhere, which the bundle test uses to reach dynalite.
 */
export function createDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: SDK_MAX_ATTEMPTS }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
