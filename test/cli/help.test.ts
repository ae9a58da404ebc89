import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closest } from '../../cli/args.ts';
import { runCli } from './support.ts';

const VERSION = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }
).version;
const COMMANDS = ['classify', 'analyze', 'query', 'deploy'];

/** The `--flag` names a help text lists at the start of its option lines. */
function listedOptions(help: string): string[] {
  return [...help.matchAll(/^ {2}(?:-\w, | {4})--([\w-]+)/gm)].map((m) => m[1]!);
}

describe('version and help', () => {
  it.each([['--version'], ['-V']])('%s prints the package version', async (flag) => {
    const r = await runCli([flag]);
    expect(r).toEqual({ code: 0, stdout: `upstream-triage ${VERSION}\n`, stderr: '' });
  });

  it('help lists the commands; no command is a usage error', async () => {
    const help = await runCli(['help']);
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toContain(`  ${c}`);
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage: upstream-triage');
  });

  it.each(COMMANDS)('help %s is %s --help, and lists every option once', async (command) => {
    const viaHelp = await runCli(['help', command]);
    const viaFlag = await runCli([command, '--help']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    const options = listedOptions(viaHelp.stdout);
    expect(options.length).toBeGreaterThan(2);
    expect(new Set(options).size).toBe(options.length);
    expect(options).toContain('help');
  });

  it.each([
    ['classify', ['--format', 'default text'], ['--tz', 'default UTC'], ['--color', 'default auto']],
    [
      'analyze',
      ['--grace', 'default 90'],
      ['--quiet-period', 'default 300'],
      ['--batch-seconds', 'default 10'],
    ],
    ['query', ['--since', 'default 1h'], ['--limit', 'default 100'], ['--timeout', 'default 2m']],
    [
      'deploy',
      ['--event-bus', "default the account's default bus"],
      ['--format', 'default text'],
      ['--id', ''],
    ],
  ])('%s --help shows the defaults', async (command, ...pairs) => {
    const help = (await runCli([command, '--help'])).stdout.replace(/\n\s+/g, ' ');
    for (const [flag, text] of pairs as unknown as [string, string][]) {
      expect(help).toMatch(new RegExp(`${flag} `));
      if (text) expect(help).toContain(text);
    }
  });

  it('every option a help lists is one the command takes', async () => {
    for (const command of COMMANDS) {
      for (const option of listedOptions((await runCli([command, '--help'])).stdout)) {
        const r = await runCli([command, `--${option}`, '--help']);
        expect(r.stderr, `${command} --${option}`).not.toContain('unknown option');
      }
    }
  });

  it.each([
    ['classify', '--formt', 'text', 'unknown option --formt (did you mean --format?); see --help'],
    ['analyze', '--markrs', 'x', 'unknown option --markrs (did you mean --markers?); see --help'],
    ['query', '--regoin', 'x', 'unknown option --regoin (did you mean --region?); see --help'],
    ['deploy', '--lable', 'x', 'unknown option --lable (did you mean --label?); see --help'],
    ['classify', '--zzzzzz', 'x', 'unknown option --zzzzzz; see --help'],
  ])('%s %s: one clean line naming the closest option', async (command, flag, value, message) => {
    const r = await runCli([command, flag, value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`upstream-triage ${command}: ${message}\n`);
  });

  it('a missing value and an unknown command are one line each', async () => {
    expect((await runCli(['classify', '--format'])).stderr).toBe(
      'upstream-triage classify: --format needs a value (text|json|ndjson)\n',
    );
    const r = await runCli(['clasify']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      "upstream-triage: unknown command 'clasify' (did you mean classify?)",
    );
  });

  it('closest: a typo, not anything', () => {
    expect(closest('--sinse', ['--since', '--until'])).toBe('--since');
    expect(closest('--fol', ['--follow', '--format'])).toBe('--follow');
    expect(closest('--xyz', ['--since', '--until'])).toBeUndefined();
  });
});
