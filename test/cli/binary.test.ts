import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './support.ts';

const ROOT = join(import.meta.dirname, '../..');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const EXAMPLE = join(ROOT, 'examples/single/error.log');

/**
 * The binary as users get it: `npm pack` (its prepack builds dist/cli.js once), the tarball
 * installed into a fresh project from the local npm cache, the bin run through npm's link, through
 * a symlink on PATH, and by its own shebang.
 */
describe('the packed, installed binary', () => {
  const work = tempDir('ut-pack-');
  const project = join(work, 'project');
  const bin = join(project, 'node_modules/.bin/upstream-triage');
  let packed: { filename: string; files: { path: string }[] };
  /** A clean environment: no AWS settings of whoever runs the tests. */
  const env = { PATH: process.env.PATH ?? '', HOME: work, NO_COLOR: '1' };

  beforeAll(() => {
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    packed = (JSON.parse(out.slice(out.indexOf('['))) as (typeof packed)[])[0]!;
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{ "name": "uses-upstream-triage", "private": true }\n');
    execFileSync(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, packed.filename)],
      { cwd: project, stdio: 'pipe' },
    );
  });

  it('ships the bundle, README and package.json, nothing else', () => {
    expect(packed.files.map((f) => f.path).sort()).toEqual(['README.md', 'dist/cli.js', 'package.json']);
  });

  it('runs through the npm bin link: --version and -V', () => {
    expect(execFileSync(bin, ['--version'], { env, encoding: 'utf8' })).toBe(
      `upstream-triage ${PACKAGE.version}\n`,
    );
    expect(execFileSync(bin, ['-V'], { env, encoding: 'utf8' })).toBe(`upstream-triage ${PACKAGE.version}\n`);
  });

  it('classifies the real capture through a symlink on PATH, named anything', () => {
    const pathDir = join(work, 'path-bin');
    mkdirSync(pathDir, { recursive: true });
    if (!existsSync(join(pathDir, 'triage'))) symlinkSync(bin, join(pathDir, 'triage'));
    const out = execFileSync('triage', ['classify', '--format', 'ndjson', EXAMPLE], {
      env: { ...env, PATH: `${pathDir}:${env.PATH}` },
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

  it('analyze --html writes the report', () => {
    const html = join(work, 'report.html');
    const dir = join(ROOT, 'examples/rolling-deploy');
    const present = readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .map((f) => join(dir, f));
    expect(present).toHaveLength(4);
    const out = execFileSync(bin, ['analyze', ...present, '--html', html], { env, encoding: 'utf8' });
    expect(out).toContain('VERDICT');
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('query without any AWS setting says so in one line, not under the SDK notices', () => {
    const r = spawnSync(bin, ['query'], {
      env: {
        ...env,
        AWS_CONFIG_FILE: join(work, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(work, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.at(-1)).toBe(
      'upstream-triage query: no AWS region: pass --region, set AWS_REGION, or set a region in the AWS profile (aws configure)',
    );
    // At most one short note before it (the SDK's Node.js notice, in one line).
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(r.stderr).not.toContain('NodeVersionSupportWarning');
  });

  it('exits 0 quietly when the reader closes the pipe early (| head)', async () => {
    const big = join(work, 'error.log');
    writeFileSync(big, readFileSync(EXAMPLE, 'utf8').repeat(500));
    const child = spawn(bin, ['classify', '--format', 'ndjson', big], { env });
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
