import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../cli/support.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** Every report these tests write, removed at the end. */
const logsOf = (scenario: string) =>
  readdirSync(join(ROOT, 'examples', scenario))
    .filter((f) => f.endsWith('.log'))
    .sort()
    .map((f) => join(ROOT, 'examples', scenario, f));

describe('upstream-triage analyze --html', () => {
  it.each([
    ['fleet-outage', [], 3, /fleet outage/, 'page'],
    [
      'bad-deploy',
      ['--markers', 'markers.json'],
      3,
      /deployment d-BADDEPL01 left i-0c2d4e6f8a0b10003 failing/,
      'page',
    ],
    ['config-error-mid-deploy', ['--markers', 'markers.json'], 3, /socket/, 'page'],
    [
      'rolling-deploy',
      ['--markers', 'markers.json'],
      4,
      /No outage: deployment d-ROLLING01 was not zero-downtime/,
      'notice',
    ],
  ] as const)(
    '%s: one row per file, the verdict, and the same alerts as the text output',
    async (scenario, extra, rows, verdict, tone) => {
      const out = join(tempDir('ut-html-'), 'report.html');
      const flags = extra.map((a) => (a.endsWith('.json') ? join(ROOT, 'examples', scenario, a) : a));
      const r = await runCli(['analyze', ...logsOf(scenario), ...flags, '--format', 'json', '--html', out]);
      expect(r.code).toBe(0);
      const html = readFileSync(out, 'utf8');
      expect(html.match(/<g class="row"/g)).toHaveLength(rows);
      expect(html).toMatch(new RegExp(`<div class="verdict tone-${tone}"`));
      expect(html).toMatch(verdict);
      // The alerts in the HTML are the ones analyze reports, subject for subject.
      const json = JSON.parse(r.stdout) as { alerts: { subject: string }[] };
      const subjects = [...html.matchAll(/<p class="subject">Subject: ([^<]*)<\/p>/g)].map((m) => m[1]);
      const toHtml = (s: string) =>
        s
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
          .replace(/>/g, '&gt;')
          .replace(/"/g, '&quot;')
          .replace(/'/g, '&#39;');
      expect(subjects.sort()).toEqual(json.alerts.map((a) => toHtml(a.subject)).sort());
      expect(html.length).toBeLessThan(300_000);
    },
  );

  it('writes nothing without --html, and the output is unchanged by it', async () => {
    const dir = tempDir('ut-html-');
    const files = logsOf('rolling-deploy');
    const plain = await runCli(['analyze', ...files, '--format', 'json']);
    const withHtml = await runCli(['analyze', ...files, '--format', 'json', '--html', join(dir, 'r.html')]);
    expect(withHtml.stdout).toBe(plain.stdout);
    expect(readdirSync(dir)).toEqual(['r.html']);
  });

  it('exits 1 naming the path when the report cannot be written', async () => {
    const r = await runCli([
      'analyze',
      ...logsOf('rolling-deploy'),
      '--html',
      '/nonexistent-dir/report.html',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'upstream-triage analyze: --html: cannot write /nonexistent-dir/report.html: no such directory\n',
    );
    expect(existsSync('/nonexistent-dir/report.html')).toBe(false);
  });

  it('draws the axis in the --tz zone', async () => {
    const out = join(tempDir('ut-html-'), 'report.html');
    const r = await runCli(['analyze', ...logsOf('rolling-deploy'), '--tz', 'Asia/Kolkata', '--html', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    // nginx wrote 02:15:31 in the zone given: the axis reads local times of that zone.
    expect(html).toContain('Asia/Kolkata (UTC+05:30)');
    expect(html).toMatch(/>02:15:30</);
  });
});
