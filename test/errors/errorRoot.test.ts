import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as functionErrors from '#functions/errors.ts';
import { AlertDeliveryError } from '#shared/engine/alerting/deliverAlerts.ts';
import { EngineConfigError, EngineError } from '#shared/engine/config/EngineError.ts';
import { StoreContentionError } from '#shared/engine/store/storeIncident.ts';
import { DurationError, QueryError, QueryValueError } from '#shared/query/QueryError.ts';
import { ReportError, ReportTimeZoneError } from '#shared/report/ReportError.ts';
import { ConfigError, UpstreamTriageError } from '#shared/UpstreamTriageError.ts';
import { ConfigError as StackConfigError } from '../../cdk/config.ts';
import { InputError, UsageError } from '../../cli/io.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SOURCES = ['shared', 'cli', 'functions', 'cdk', 'bench', 'scripts'];
/** Generated, git-ignored output (the bench's bundles): not the project's sources. */
const GENERATED = new Set(['node_modules', join(ROOT, 'bench', 'out')]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return GENERATED.has(d.name) || GENERATED.has(path) ? [] : sourceFiles(path);
    return /\.(?:ts|mts|mjs)$/.test(d.name) ? [path] : [];
  });
}

const cause = new Error('the cause');
/** Every error class of the project, made with a cause. */
const MADE: [string, Error][] = [
  ['EngineError', new EngineError('m', { cause })],
  ['EngineConfigError', new EngineConfigError('grace', 'm', { cause })],
  ['StoreContentionError', new StoreContentionError('m', { cause })],
  ['AlertDeliveryError', new AlertDeliveryError('m', { cause })],
  ['QueryError', new QueryError('m', { cause })],
  ['QueryValueError', new QueryValueError('instance', 'm', { cause })],
  ['DurationError', new DurationError('m', { cause })],
  ['ReportError', new ReportError('m', { cause })],
  ['ReportTimeZoneError', new ReportTimeZoneError('m', { cause })],
  ['UsageError', new UsageError('m', { cause })],
  ['InputError', new InputError('m', { cause })],
  ['ConfigError', new ConfigError(['a: wrong', 'b: missing'], { cause })],
  ...Object.entries(functionErrors)
    .filter(([name]) => name !== 'ConfigError')
    .map(([name, E]): [string, Error] => [
      name,
      name === 'PayloadShapeError'
        ? new functionErrors.PayloadShapeError('m', 'logEvents.0', { cause })
        : new (E as new (m: string, o: ErrorOptions) => Error)('m', { cause }),
    ]),
];

describe('one error root', () => {
  it('no class but UpstreamTriageError extends Error directly', () => {
    const roots = SOURCES.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/class (\w+) extends Error\b/g)].map(
        (m) => `${relative(ROOT, file)}: ${m[1]}`,
      ),
    );
    expect(roots).toEqual(['shared/UpstreamTriageError.ts: UpstreamTriageError']);
  });

  it.each(MADE)('%s is an UpstreamTriageError, keeps its cause and says its name', (name, error) => {
    expect(error).toBeInstanceOf(UpstreamTriageError);
    expect(error.cause).toBe(cause);
    expect(error.name).toBe(name);
  });

  it('lists every function error class', () => {
    expect(MADE.map(([name]) => name)).toEqual(
      expect.arrayContaining(['TriageFunctionError', 'IngestError', 'StoreError']),
    );
  });

  it('has one ConfigError: the stack and the functions throw the same class, naming every problem', () => {
    expect(StackConfigError).toBe(ConfigError);
    expect(functionErrors.ConfigError).toBe(ConfigError);
    const error = new ConfigError(['logGroups: bad', 'ttlDays: not a number']);
    expect(error.problems).toEqual(['logGroups: bad', 'ttlDays: not a number']);
    expect(error.message).toContain('logGroups: bad');
    expect(error.message).toContain('ttlDays: not a number');
  });
});
