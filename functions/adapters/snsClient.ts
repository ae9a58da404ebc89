import { SNSClient } from '@aws-sdk/client-sns';
import { SDK_MAX_ATTEMPTS } from './awsClients.ts';

// Apart from awsClients.ts so the deploy-events bundle, which never publishes, does not load the SNS SDK.
/** The SNS client (`AWS_ENDPOINT_URL_SNS` is honoured by the SDK, as above). */
export function createSnsClient(): SNSClient {
  return new SNSClient({ maxAttempts: SDK_MAX_ATTEMPTS });
}
