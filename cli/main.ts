#!/usr/bin/env -S node --max-semi-space-size=4
import type { CliIo } from './io.ts';
import { InputError, UsageError } from './io.ts';

type Command = {
  summary: string;
  load: () => Promise<{ run: (argv: string[], io: CliIo) => Promise<number> }>;
};

/** One line per command; the module is loaded only when the command runs. */
const COMMANDS: Record<string, Command> = {
  classify: {
    summary: 'classify every entry of nginx error logs',
    load: () => import('./commands/classify.ts'),
  },
  analyze: {
    summary: 'replay logs: incidents, deploys, alerts',
    load: () => import('./commands/analyze.ts'),
  },
  query: {
    summary: 'list classified upstream events (Logs Insights)',
    load: () => import('./commands/query.ts'),
  },
  deploy: {
    summary: 'mark a deployment start|finish (EventBridge)',
    load: () => import('./commands/deploy.ts'),
  },
  doctor: { summary: 'check a deployed stack end to end', load: () => import('./commands/doctor.ts') },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: upstream-triage <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nupstream-triage <command> --help for the options of one command.\n`;
}

/** Runs one command and returns its exit code: 0 ok, 1 input error, 2 usage error. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`upstream-triage: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load()).run(rest, io);
  } catch (error: unknown) {
    if (error instanceof UsageError) {
      io.stderr.write(`upstream-triage ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof InputError) {
      io.stderr.write(`upstream-triage ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

const isEntryPoint = process.argv[1] !== undefined && /(?:cli\.js|main\.ts)$/.test(process.argv[1]);
if (isEntryPoint) {
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
}
