import { SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import { boundedClientConfig, type SdkBudget, SNS_BUDGET } from './sdkBudgets.ts';

// Apart from awsClients.ts so the deploy-events bundle, which never publishes, does not load the SNS SDK.
/**
 * The SNS client, with the timeouts of `SNS_BUDGET` (`AWS_ENDPOINT_URL_SNS` is honoured by the SDK).
 * `config` adds client options (tests: endpoint, region, credentials).
 */
export function createSnsClient(budget: SdkBudget = SNS_BUDGET, config: SNSClientConfig = {}): SNSClient {
  return new SNSClient({ ...config, ...boundedClientConfig(budget) });
}
