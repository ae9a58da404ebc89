import { createDocumentClient } from '../adapters/awsClients.ts';
import { DynamoStateStore } from '../adapters/DynamoStateStore.ts';
import { writeJsonLine } from '../adapters/writeJsonLine.ts';
import { loadConfig } from '../config.ts';
import { createHandler } from './createHandler.ts';

export { createHandler } from './createHandler.ts';

/*
 * Lambda entry point (`handler`). Config and clients are created once per execution environment, at
 * module scope: a bad environment fails the init with every problem named.
 */
const config = loadConfig(process.env, { requireTopic: false });

export const handler = createHandler({
  store: new DynamoStateStore(createDocumentClient(), config.tableName),
  engine: config.engine,
  log: writeJsonLine,
});
