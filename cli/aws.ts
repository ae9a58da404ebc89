import { InputError } from './io.ts';

/** What a command needs of an SDK client to say where it goes: its resolved config providers. */
export interface AwsClientConfig {
  config: {
    region: () => Promise<string>;
    credentials: () => Promise<{ accessKeyId: string }>;
  };
}

/**
 * Resolves the client's region and credentials before the first call and says which they are, in
 * one line (`region eu-west-1 (AWS_REGION), credentials from profile prod, key ...WXYZ`); with none,
 * one clear error line instead of the SDK's.
 */
export async function describeAwsTarget(
  client: AwsClientConfig,
  env: Record<string, string | undefined>,
  regionFlag: string | undefined,
): Promise<string> {
  let region: string;
  try {
    region = await client.config.region();
  } catch (error: unknown) {
    throw new InputError(
      'no AWS region: pass --region, set AWS_REGION, or set a region in the AWS profile (aws configure)',
      { cause: error },
    );
  }
  let credentials: { accessKeyId: string };
  try {
    credentials = await client.config.credentials();
  } catch (error: unknown) {
    throw new InputError(
      'no AWS credentials found: set AWS_PROFILE (aws configure, aws sso login) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a role is attached',
      { cause: error },
    );
  }
  const regionFrom =
    regionFlag !== undefined
      ? '--region'
      : nonEmpty(env.AWS_REGION)
        ? 'AWS_REGION'
        : `profile ${nonEmpty(env.AWS_PROFILE) ?? 'default'}`;
  const credentialsFrom = nonEmpty(env.AWS_ACCESS_KEY_ID)
    ? 'environment (AWS_ACCESS_KEY_ID)'
    : nonEmpty(env.AWS_PROFILE)
      ? `profile ${env.AWS_PROFILE}`
      : 'the default chain (default profile, SSO, container or instance role)';
  const key = credentials.accessKeyId.length >= 4 ? `, key ...${credentials.accessKeyId.slice(-4)}` : '';
  return `region ${region} (${regionFrom}), credentials from ${credentialsFrom}${key}`;
}

/**
 * The SDK prints a multi-line notice on Node.js versions it will drop (to stderr, before any
 * output of ours). Turned into one line, once, before the first client is made.
 */
export function quietSdkNodeNotice(
  env: Record<string, string | undefined>,
  nodeVersion = process.versions.node,
): string | undefined {
  const flag = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
  if (process.env[flag] !== undefined || env[flag] !== undefined) return undefined;
  process.env[flag] = 'true';
  const major = Number(nodeVersion.split('.')[0]);
  return major < 22
    ? `note: AWS SDK releases after early 2027 need Node.js 22 or later (this is ${nodeVersion})`
    : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
