// Runs in a fresh node process, as a Lambda execution environment would: imports the ingest bundle
// (module init: config, SDK clients, Powertools), then optionally handles one payload with the
// bundle's own createHandler wired to the in-memory store, and writes what it measured as JSON to
// the file named by BENCH_RESULT. Plain JavaScript on purpose: no tsx loader in the measured RSS.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const bundle = process.env.BENCH_BUNDLE;
const resultPath = process.env.BENCH_RESULT;
if (!bundle || !resultPath) throw new Error('BENCH_BUNDLE and BENCH_RESULT are required');

const t0 = performance.now();
const mod = await import(pathToFileURL(bundle).href);
const importMs = performance.now() - t0;
const result = {
  importMs,
  /** Process start to handler ready: what a cold start adds before the first event (runtime excluded). */
  readyMs: performance.now(),
  rssAfterInitKb: Math.round(process.memoryUsage().rss / 1024),
  hasCreateHandler: typeof mod.createHandler === 'function',
  hasHandler: typeof mod.handler === 'function',
};

const payloadPath = process.env.BENCH_PAYLOAD;
if (payloadPath) {
  // The bundle exports createHandler; wire it as handler.ts does, with the in-memory store instead of
  // DynamoDB, a publisher that sends nothing and metrics that go nowhere. Log records go to stdout (/dev/null).
  const { MemoryStateStore, DEFAULT_ENGINE_SETTINGS } = await import(
    pathToFileURL(process.env.BENCH_MEMORY_STORE).href
  );
  const published = [];
  const handler = mod.createHandler({
    store: new MemoryStateStore(),
    publisher: {
      publish: async (alert) => {
        published.push(alert);
        return 'bench-message-id';
      },
    },
    metrics: {
      recordBatch: () => undefined,
      recordControlMessage: () => undefined,
      recordSweep: () => undefined,
    },
    log: (record) => process.stdout.write(`${JSON.stringify(record)}\n`),
    engine: DEFAULT_ENGINE_SETTINGS,
    instancePattern: undefined,
    clock: () => Date.now(),
  });
  const event = JSON.parse(readFileSync(payloadPath, 'utf8'));
  const rssBeforeKb = Math.round(process.memoryUsage().rss / 1024);
  const t1 = performance.now();
  const output = await handler(event);
  result.handleMs = performance.now() - t1;
  result.rssBeforeHandleKb = rssBeforeKb;
  result.handlerOutput = output === undefined ? null : output;
  result.alertsPublished = published.length;
}
result.maxRssKb = process.resourceUsage().maxRSS;
writeFileSync(resultPath, JSON.stringify(result));
