import { execFileSync, spawn } from 'node:child_process';
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
    const child = spawn(
      BIN,
      [
        'analyze',
        'examples/bad-deploy/i-0c2d4e6f8a0b10001.log',
        'examples/bad-deploy/i-0c2d4e6f8a0b10002.log',
        'examples/bad-deploy/i-0c2d4e6f8a0b10003.log',
      ],
      { cwd: ROOT },
    );
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
