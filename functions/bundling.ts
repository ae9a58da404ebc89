/**
 * How every function is bundled, shared by the CDK stack (NodejsFunction `bundling`) and the bundle
 * test, so the test runs exactly what is deployed.
 *
 * - ESM (`index.mjs`), `node24`, `platform: node`.
 * - `@aws-sdk/*` external: the nodejs24.x runtime ships SDK v3, so the bundle stays small and uses the
 *   runtime's patched clients. Powertools, zod and our code are bundled.
 * - The banner gives bundled CommonJS dependencies a `require` (ESM has none).
 * - `keepNames`: error class names survive minification in logs.
 *
 * @example CDK:
 * new NodejsFunction(this, 'Ingest', {
 *   entry: FUNCTION_ENTRIES.ingest,
 *   runtime: lambda.Runtime.NODEJS_24_X,
 *   architecture: lambda.Architecture.ARM_64,
 *   bundling: {
 *     format: OutputFormat.ESM,
 *     target: FUNCTION_BUNDLING.target,
 *     externalModules: [...FUNCTION_BUNDLING.external],
 *     banner: FUNCTION_BUNDLING.banner,
 *     mainFields: [...FUNCTION_BUNDLING.mainFields],
 *     minify: FUNCTION_BUNDLING.minify,
 *     keepNames: FUNCTION_BUNDLING.keepNames,
 *     sourceMap: FUNCTION_BUNDLING.sourcemap,
 *   },
 * });
 */
export const FUNCTION_BUNDLING = {
  platform: 'node',
  format: 'esm',
  target: 'node24',
  external: ['@aws-sdk/*'],
  mainFields: ['module', 'main'],
  banner:
    "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  minify: true,
  keepNames: true,
  sourcemap: false,
} as const;

/** Entry file of each function (repository-relative); the handler export is `handler`. */
export const FUNCTION_ENTRIES = {
  ingest: 'functions/ingest/handler.ts',
  'deploy-events': 'functions/deploy-events/handler.ts',
  sweeper: 'functions/sweeper/handler.ts',
} as const;

export type FunctionName = keyof typeof FUNCTION_ENTRIES;
