import { Annotations, App, CfnWaitConditionHandle, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  DEFAULT_CONFIG_FILE,
  hasDeployContext,
  type LoadStackConfigOptions,
  loadStackConfig,
  stackNameOf,
} from './config.ts';
import { type FunctionName, UpstreamTriageStack } from './UpstreamTriageStack.ts';

export interface CreateAppOptions extends LoadStackConfigOptions {
  /** Context as `-c` would give it (tests); the CLI's context is read by `App` itself. */
  context?: Record<string, unknown>;
  /** Other handler modules (tests). */
  entries?: Partial<Record<FunctionName, string>>;
  /** Cloud assembly directory (tests use a temporary one). */
  outdir?: string;
}

/** What `cdk synth|deploy|diff` say when the app has no deploy settings at all. */
export const NO_DEPLOY_CONTEXT =
  'upstream-triage: no deploy settings. Give at least -c logGroups=... -c alertEmails=... ' +
  `(or -c configFile=path.json, or save them in ${DEFAULT_CONFIG_FILE}); see docs/deploy.md. ` +
  '`cdk bootstrap`, `cdk ls` and `cdk destroy` need none.';

/**
 * Builds the app: context read once into a validated config, the one stack, and the cdk-nag AWS
 * Solutions checks registered so every synth runs them (an unacknowledged finding fails it).
 *
 * Without any deploy setting (the user runs `cdk bootstrap`, `cdk destroy` or `cdk ls` in the repo)
 * the app synthesizes a placeholder stack of the same name that carries an error annotation: commands
 * that only need the stack's name and environment work, and `cdk synth`, `cdk diff` and `cdk deploy`
 * stop with {@link NO_DEPLOY_CONTEXT} instead of a template that would delete everything.
 *
 * @throws ConfigError naming every wrong context value (when settings are given and some are wrong).
 */
export function createApp(options: CreateAppOptions = {}): { app: App; stack: Stack } {
  const app = new App({
    ...(options.context !== undefined && { context: options.context }),
    ...(options.outdir !== undefined && { outdir: options.outdir }),
  });
  const tryGetContext = (key: string) => app.node.tryGetContext(key);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  let stack: Stack;
  if (hasDeployContext(tryGetContext, options)) {
    const config = loadStackConfig(tryGetContext, options);
    stack = new UpstreamTriageStack(app, config.stackName, {
      config,
      ...(options.entries !== undefined && { entries: options.entries }),
      env,
    });
  } else {
    stack = new Stack(app, stackNameOf(tryGetContext), {
      env,
      description: 'upstream-triage (placeholder: no deploy settings given)',
    });
    // A template needs one resource; this one costs nothing and is never deployed (the error below stops it).
    new CfnWaitConditionHandle(stack, 'Placeholder');
    Annotations.of(stack).addError(NO_DEPLOY_CONTEXT);
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
