import { closest } from './args.ts';
import type { CliIo } from './io.ts';
import { InputError, UsageError } from './io.ts';
import { VERSION } from './version.ts';

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
  return (
    `usage: upstream-triage <command> [options]\n\ncommands:\n${lines.join('\n')}\n\n` +
    'upstream-triage help <command> (or <command> --help) for the options of one command;\n' +
    'upstream-triage --version (-V) for the version.\n'
  );
}

/** Runs one command and returns its exit code: 0 ok, 1 input error, 2 usage error. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    io.stdout.write(`upstream-triage ${VERSION}\n`);
    return 0;
  }
  if (name === 'help' && rest[0] !== undefined) {
    // `help COMMAND` is `COMMAND --help`.
    name = rest[0];
    rest = ['--help'];
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const near = closest(name, Object.keys(COMMANDS));
    io.stderr.write(
      `upstream-triage: unknown command '${name.replace(/[^\x20-\x7e]/g, '?').slice(0, 60)}'${near ? ` (did you mean ${near}?)` : ''}\n${usage()}`,
    );
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
