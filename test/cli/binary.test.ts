import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'dist/cli.js');

/** The bundled binary, as `npm start` and users run it: built by the same script, run by its shebang. */
describe('dist/cli.js', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
  });

  it('runs from its shebang and classifies the real capture', () => {
    const out = execFileSync(BIN, ['classify', '--format', 'ndjson', 'examples/single/error.log'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const causes = new Set(
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).cause),
    );
    expect(causes).toContain('upstream_refused');
    expect(causes).not.toContain('unparsed');
  });

  it('exits 0 quietly when the reader closes the pipe early (| head)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ut-bin-'));
    const big = join(dir, 'error.log');
    writeFileSync(big, readFileSync(join(ROOT, 'examples/single/error.log'), 'utf8').repeat(500));
    const child = spawn(BIN, ['classify', '--format', 'ndjson', big], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
