import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/support.ts';
import { writeFleetRun } from './fleetRun.ts';

/**
 * `analyze` on 200 instances where 2 fail (real nginx lines recomposed in time, see fleetRun.ts):
 * the failing instances lead every view, the quiet ones fold into one row, the text fits a screen.
 */
const fleet = writeFleetRun(200);
afterAll(() => fleet.dispose());

const SCREEN = 50;

// Each test runs the CLI on 200 files: minutes on a loaded machine, not the default 30 s.
describe('analyze on a fleet of 200 where 2 fail', { timeout: 180_000 }, () => {
  it('text: failing instances first, the 198 quiet ones in one line, tables that fit a screen', async () => {
    const r = await runCli(['analyze', ...fleet.files]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const lines = r.stdout.split('\n');
    const head = lines.slice(
      0,
      lines.findIndex((l) => l.startsWith('=== alert')),
    );
    expect(head.length).toBeLessThanOrEqual(SCREEN);
    const table = lines.slice(lines.indexOf('Instances') + 2);
    expect(table.slice(0, 2).map((l) => l.trim().split(/\s+/)[0])).toEqual(fleet.failing);
    expect(table[2]).toMatch(/^ {2}198 instances: no upstream errors \(/);
    expect(r.stdout).toMatch(
      /incidents of noise or nginx lifecycle \(\d+ entries on 200 instances\): counted, no alert/,
    );
  });

  it('text --all: every instance listed, failing ones still first', async () => {
    const r = await runCli(['analyze', ...fleet.files, '--all']);
    const lines = r.stdout.split('\n');
    const from = lines.indexOf('Instances') + 2;
    const rows = lines.slice(from, lines.indexOf('', from));
    expect(rows).toHaveLength(200);
    expect(rows.slice(0, 2).map((l) => l.trim().split(/\s+/)[0])).toEqual(fleet.failing);
  });

  it('html: the failing rows lead the timeline, the quiet ones fold into one row and a <details>', async () => {
    const out = join(fleet.dir, 'report.html');
    const r = await runCli(['analyze', ...fleet.files, '--html', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const rows = [...html.matchAll(/<g class="row( folded)?"(?: data-instance="([^"]*)")?>/g)];
    expect(rows.map((m) => m[2] ?? 'folded')).toEqual([...fleet.failing, 'folded']);
    expect(html).toContain('<details class="folded"><summary>198 instances: no upstream errors</summary>');
    // Every instance is in the report, the quiet ones inside the folded list.
    for (const name of fleet.instances) expect(html).toContain(`data-instance="${name}"`);
    expect(html.length).toBeLessThan(300_000);
  });
});
