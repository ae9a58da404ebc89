import { beforeAll, describe, expect, it } from 'vitest';
import { checkCase } from './checkCase.ts';
import { type ClassifiedAt, classifyLog, describeLine, unrecognised } from './classifyLog.ts';
import { ensureNginx, isRoot } from './harness.ts';
import {
  FAILURE_CASES,
  runSingleInstanceScenario,
  type SingleScenarioResult,
} from './singleInstanceScenario.ts';

/**
 * Real nginx (the Debian package) on loopback: every upstream failure is provoked live, and what
 * nginx wrote is parsed and classified. The strongest check compares two independent answers: the
 * status nginx really sent (the client's response, nginx's own access log) and the status the
 * classifier infers from the error-log line alone.
 *
 * nginx is installed by scripts/install-nginx.sh when missing. Where that is impossible the suite is
 * skipped with the reason, except in CI (CI set), where a missing nginx is a failure.
 */
const nginx = ensureNginx();
const mustRun = Boolean(process.env.CI);
if (!nginx.available && !mustRun) {
  console.warn(
    `real-nginx tests skipped: nginx is not installed and could not be installed:\n${nginx.message}`,
  );
}

function withText(pattern: RegExp) {
  return (all: ClassifiedAt[]) => all.filter(({ classified }) => pattern.test(classified.entry.raw));
}

describe.skipIf(!nginx.available && !mustRun)('real nginx: provoked upstream failures', () => {
  let scenario: SingleScenarioResult;
  let lines: ClassifiedAt[];

  beforeAll(async () => {
    if (!nginx.available)
      throw new Error(`nginx is required in CI and could not be installed:\n${nginx.message}`);
    scenario = await runSingleInstanceScenario();
    lines = classifyLog(scenario.errorLog);
  }, 60_000);

  it('nginx wrote lines for the scenario (start, failures, reload, stop)', () => {
    expect(lines.length).toBeGreaterThan(FAILURE_CASES.length);
  });

  it('every line nginx wrote parses and is recognised: no unparsed, no other', () => {
    expect(unrecognised(lines)).toEqual([]);
  });

  it.for(FAILURE_CASES.map((failure) => ({ ...failure, label: failure.cause ?? 'no line' })))(
    '$name -> $label, status $status',
    (failure, context) => {
      if (failure.needsRoot && !isRoot) context.skip('workers can run as www-data only when root');
      const outcome = scenario.outcomes.find((o) => o.name === failure.name);
      expect(outcome, 'case was provoked').toBeDefined();
      // Real nginx answered what the case is built to provoke (guards the harness itself).
      expect(outcome?.nginxStatus).toBe(failure.status);
      // The client saw that status; a client that left first saw none, and nginx logged 499.
      expect(outcome?.clientStatus).toBe(failure.status === 499 ? null : failure.status);
      // The classifier, from the error-log line alone, infers the cause and the status nginx sent.
      const problems = checkCase(lines, {
        name: failure.name,
        path: failure.path,
        cause: failure.cause,
        status: outcome?.nginxStatus ?? null,
        statusMayBeUnknown: failure.statusMayBeUnknown ?? false,
      });
      expect(problems).toEqual([]);
    },
  );

  // The lines that mark each lifecycle event, picked by what nginx writes for it.
  it.each([
    { what: 'the start (first line)', pick: (all: ClassifiedAt[]) => all.slice(0, 1), cause: 'nginx_start' },
    { what: 'nginx -s reload (SIGHUP)', pick: withText(/ \(SIGHUP\) received/), cause: 'nginx_reload' },
    { what: 'nginx -s quit (SIGQUIT)', pick: withText(/ \(SIGQUIT\) received/), cause: 'nginx_stop' },
    {
      what: 'the master exiting (last line)',
      pick: (all: ClassifiedAt[]) => all.slice(-1),
      cause: 'nginx_stop',
    },
  ] as const)('$what is recognised as $cause', ({ pick, cause }) => {
    const picked = pick(lines);
    expect(picked.length, 'nginx wrote the line').toBe(1);
    expect(picked.filter(({ classified }) => classified.cause !== cause).map(describeLine)).toEqual([]);
    expect(picked[0]?.classified.group).toBe('lifecycle');
  });
});
