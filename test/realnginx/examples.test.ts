import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CauseId } from '#shared/model/index.ts';
import { checkCase, type ExpectedCase } from './checkCase.ts';
import { classifyLog, describeLine, unrecognised } from './classifyLog.ts';
import { FAILURE_CASES } from './singleInstanceScenario.ts';

/**
 * The committed examples (captured from real nginx by scripts/capture-examples.ts) stay readable by
 * the parser and classifier: every line parses and is recognised, the single-instance log
 * classifies as the capture recorded, and each multi-instance log holds the causes its scenario
 * provoked, one line per failed request.
 */
const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

function logFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return logFiles(full);
    return entry.name.endsWith('.log') ? [full] : [];
  });
}

const allLogs = existsSync(EXAMPLES) ? logFiles(EXAMPLES) : [];

describe('examples/: every committed log', () => {
  it('there are example logs', () => {
    expect(allLogs.length).toBeGreaterThan(0);
  });

  it.each(allLogs.map((file) => ({ file: path.relative(EXAMPLES, file) })))(
    '$file: every line parses and is recognised',
    ({ file }) => {
      const lines = classifyLog(readFileSync(path.join(EXAMPLES, file), 'utf8'));
      expect(lines.length).toBeGreaterThan(0);
      expect(unrecognised(lines)).toEqual([]);
    },
  );
});

interface ExpectedFile {
  nginx: string;
  log: string;
  cases: (ExpectedCase & { clientStatus: number | null })[];
}

describe('examples/single: classification matches what the capture recorded', () => {
  const expected = JSON.parse(
    readFileSync(path.join(EXAMPLES, 'single/expected.json'), 'utf8'),
  ) as ExpectedFile;
  const lines = classifyLog(readFileSync(path.join(EXAMPLES, 'single', expected.log), 'utf8'));

  it('records every case of the scenario (recapture after changing it)', () => {
    expect(expected.cases.map((c) => c.name)).toEqual(FAILURE_CASES.map((c) => c.name));
  });

  it.each(expected.cases.map((c) => ({ ...c, label: c.cause ?? 'no line' })))(
    '$name -> $label, status $status',
    (expectedCase) => {
      expect(checkCase(lines, expectedCase)).toEqual([]);
    },
  );
});

interface Timeline {
  instances: string[];
  events: { time: string; instance: string; event: string }[];
  clientStatuses: Record<string, Record<string, number>>;
}

/** What each scenario provoked: the causes its logs may hold, and which instance must show which. */
const SCENARIOS: {
  dir: string;
  allowed: readonly CauseId[];
  /** Causes every instance shows, or per instance index. */
  required: (instanceIndex: number, instanceCount: number) => readonly CauseId[];
}[] = [
  {
    dir: 'rolling-deploy',
    // A restart also cuts the odd request in flight: closed / reset.
    allowed: ['upstream_refused', 'upstream_closed', 'upstream_reset'],
    required: () => ['upstream_refused'],
  },
  {
    dir: 'fleet-outage',
    allowed: ['upstream_refused', 'upstream_closed', 'upstream_reset'],
    required: () => ['upstream_refused'],
  },
  {
    dir: 'bad-deploy',
    allowed: ['socket_missing', 'upstream_closed', 'upstream_reset'],
    required: () => ['socket_missing'],
  },
  {
    dir: 'config-error-mid-deploy',
    allowed: ['socket_missing', 'socket_permission', 'upstream_closed', 'upstream_reset'],
    required: (index) => (index === 1 ? ['socket_missing', 'socket_permission'] : ['socket_missing']),
  },
];

describe.each(SCENARIOS)('examples/$dir', ({ dir, allowed, required }) => {
  const timeline = JSON.parse(readFileSync(path.join(EXAMPLES, dir, 'timeline.json'), 'utf8')) as Timeline;

  it.each(timeline.instances.map((id, index) => ({ id, index })))(
    '$id: the provoked causes, one 502 line per 502 the clients got',
    ({ id, index }) => {
      const lines = classifyLog(readFileSync(path.join(EXAMPLES, dir, `${id}.log`), 'utf8'));
      const strays = lines.filter(({ classified }) => !allowed.includes(classified.cause)).map(describeLine);
      expect(strays).toEqual([]);
      const seen = new Set(lines.map(({ classified }) => classified.cause));
      for (const cause of required(index, timeline.instances.length)) expect(seen).toContain(cause);
      const inferred502 = lines.filter(({ classified }) => classified.status === 502).length;
      expect(inferred502).toBe(timeline.clientStatuses[id]?.['502'] ?? 0);
    },
  );

  it('no other instance of config-error shows the permission error', () => {
    if (dir !== 'config-error-mid-deploy') return;
    const permissionLines = timeline.instances.map(
      (id) =>
        classifyLog(readFileSync(path.join(EXAMPLES, dir, `${id}.log`), 'utf8')).filter(
          ({ classified }) => classified.cause === 'socket_permission',
        ).length,
    );
    expect(permissionLines.map((n) => n > 0)).toEqual([false, true, false]);
  });
});
