import type { InvocationContext } from '../invocationContext.ts';
import { createRuntime } from '../runtime.ts';
import { createHandler, createPayloadHandler } from './createHandler.ts';
import { createKinesisHandler, isKinesisEvent } from './kinesisEvent.ts';

export { createHandler } from './createHandler.ts';

/*
 * Lambda entry point (`handler`) of both delivery paths: a CloudWatch Logs subscription invocation
 * (`awslogs.data`) and a Kinesis event source mapping batch (`Records[].kinesis.data`, each record
 * the same gzip awslogs JSON). Config and clients are created once per execution environment, at
 * module scope: a bad environment fails the init with every problem named.
 */
const runtime = createRuntime(process.env);
const deps = { ...runtime, instancePattern: runtime.config.instancePattern };
const fromSubscription = createHandler(deps);
const fromKinesis = createKinesisHandler({
  handlePayload: createPayloadHandler(deps),
  log: runtime.log,
  homeAccount: runtime.config.homeAccount,
});

export const handler = async (event: unknown, context?: InvocationContext) =>
  isKinesisEvent(event) ? fromKinesis(event, context) : fromSubscription(event, context);
