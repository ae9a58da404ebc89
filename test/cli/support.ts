import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output and the given stdin. */
export async function runCli(
  argv: string[],
  stdin = '',
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (c: Buffer) => chunks.out.push(c));
  stderr.on('data', (c: Buffer) => chunks.err.push(c));
  const io: CliIo = { stdin: Readable.from([Buffer.from(stdin)]), stdout, stderr, env };
  const code = await main(argv, io);
  return {
    code,
    stdout: Buffer.concat(chunks.out).toString('utf8'),
    stderr: Buffer.concat(chunks.err).toString('utf8'),
  };
}
