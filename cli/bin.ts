#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=30
/**
 * Node flags (also in bench/measureCli.ts and `npm start`): a 4 MB young generation, and an old
 * generation that grows by 30 % per full GC instead of V8's default (up to 4x): `analyze` of 1 GB
 * peaked at 245 MB RSS with the default and 142 MB with this, for about the same CPU.
 *
 * The `upstream-triage` binary: wires the process to {@link main}. A file of its own, run however
 * it is reached (npx, a global install, node_modules/.bin, any symlink): no check of argv[1].
 */
import type { CliIo } from './io.ts';
import { main } from './main.ts';

// `upstream-triage ... | head` closes the pipe early: that is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const io: CliIo = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  interrupted: () => {
    const controller = new AbortController();
    // The first Ctrl-C stops following and prints the summary so far; a second one exits at once.
    process.once('SIGINT', () => {
      controller.abort();
      process.once('SIGINT', () => process.exit(130));
    });
    process.once('SIGTERM', () => controller.abort());
    return controller.signal;
  },
  now: () => Date.now(),
};
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    io.stderr.write(
      `upstream-triage: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
