import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll } from 'vitest';
import type { CliIo } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** What a test may set of the CLI's outside world besides stdin and the environment. */
export type CliOptions = Pick<CliIo, 'interrupted' | 'now' | 'followPollMs'> & {
  /** Sees stdout as it is written (for --follow). */
  onStdout?: (text: string) => void;
  /** stdin as bytes (gzip on stdin). */
  stdinBytes?: Buffer;
};

/** Runs the CLI in-process with captured output and the given stdin. */
export async function runCli(
  argv: string[],
  stdin = '',
  env: Record<string, string | undefined> = {},
  options: CliOptions = {},
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (c: Buffer) => {
    chunks.out.push(c);
    options.onStdout?.(Buffer.concat(chunks.out).toString('utf8'));
  });
  stderr.on('data', (c: Buffer) => chunks.err.push(c));
  const { onStdout: _o, stdinBytes, ...rest } = options;
  const io: CliIo = {
    stdin: Readable.from([stdinBytes ?? Buffer.from(stdin)]),
    stdout,
    stderr,
    env,
    ...rest,
  };
  const code = await main(argv, io);
  return {
    code,
    stdout: Buffer.concat(chunks.out).toString('utf8'),
    stderr: Buffer.concat(chunks.err).toString('utf8'),
  };
}

const made: string[] = [];
// Registered once per test file (each file loads this module afresh): deletes what the file made.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory, deleted after the file's tests (tests clean up what they create). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
