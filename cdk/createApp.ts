import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type LoadStackConfigOptions, loadStackConfig } from './config.ts';
import { type FunctionName, UpstreamTriageStack } from './UpstreamTriageStack.ts';

export interface CreateAppOptions extends LoadStackConfigOptions {
  /** Context as `-c` would give it (tests); the CLI's context is read by `App` itself. */
  context?: Record<string, unknown>;
  /** Other handler modules (tests). */
  entries?: Partial<Record<FunctionName, string>>;
  /** Cloud assembly directory (tests use a temporary one). */
  outdir?: string;
}

/**
 * Builds the app: context read once into a validated config, the one stack, and the cdk-nag AWS
 * Solutions checks registered so every synth runs them (an unacknowledged finding fails it).
 *
 * @throws ConfigError naming every wrong context value.
 */
export function createApp(options: CreateAppOptions = {}): { app: App; stack: UpstreamTriageStack } {
  const app = new App({
    ...(options.context !== undefined && { context: options.context }),
    ...(options.outdir !== undefined && { outdir: options.outdir }),
  });
  const config = loadStackConfig((key) => app.node.tryGetContext(key), options);
  const stack = new UpstreamTriageStack(app, config.stackName, {
    config,
    ...(options.entries !== undefined && { entries: options.entries }),
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
