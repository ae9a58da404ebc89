import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';

/** One child process, measured: wall time (parent's clock), CPU time and peak RSS (the kernel's rusage). */
export interface ProcessRun {
  wallMs: number;
  cpuMs: number;
  maxRssKb: number;
  exitCode: number;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';
/** Without GNU time, the child reports its own rusage on exit (same numbers: getrusage(RUSAGE_SELF)). */
const RUSAGE_HOOK = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nBENCH_RUSAGE '+JSON.stringify({maxRSS:u.maxRSS,user:u.userCPUTime,system:u.systemCPUTime})+'\\n')})`;

/**
 * Runs `node <args>` with stdout sent to /dev/null (or a file), under `/usr/bin/time -v` when it
 * exists. Peak RSS is "Maximum resident set size" of the node process itself.
 */
export function runMeasured(
  nodeArgs: readonly string[],
  options: { stdoutPath?: string; env?: NodeJS.ProcessEnv } = {},
): ProcessRun {
  return runCommandMeasured(process.execPath, nodeArgs, options);
}

/**
 * Any command measured the same way (e.g. `grep -c` as the scan floor). Without GNU time only a node
 * child can report its own rusage: another command then has wall time only (CPU and RSS NaN).
 */
export function runCommandMeasured(
  command: string,
  commandArgs: readonly string[],
  options: { stdoutPath?: string; env?: NodeJS.ProcessEnv } = {},
): ProcessRun {
  const out = openSync(options.stdoutPath ?? '/dev/null', 'w');
  const useTime = existsSync(GNU_TIME);
  const isNode = command === process.execPath;
  const [cmd, args] = useTime
    ? [GNU_TIME, ['-v', command, ...commandArgs]]
    : [command, isNode ? ['--import', RUSAGE_HOOK, ...commandArgs] : [...commandArgs]];
  const t0 = performance.now();
  const child = spawnSync(cmd, args, {
    stdio: ['ignore', out, 'pipe'],
    env: options.env ?? process.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - t0;
  closeSync(out);
  const stderr = child.stderr?.toString('utf8') ?? '';
  let cpuMs = Number.NaN;
  let maxRssKb = Number.NaN;
  if (useTime) {
    const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
    const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    if (user && system) cpuMs = (Number(user[1]) + Number(system[1])) * 1000;
    if (rss) maxRssKb = Number(rss[1]);
  } else {
    const m = /BENCH_RUSAGE (\{.*\})/.exec(stderr);
    if (m) {
      const u = JSON.parse(m[1]!) as { maxRSS: number; user: number; system: number };
      maxRssKb = u.maxRSS;
      cpuMs = (u.user + u.system) / 1000;
    }
  }
  const exitMatch = useTime ? /Exit status: (\d+)/.exec(stderr) : null;
  const exitCode = exitMatch ? Number(exitMatch[1]) : (child.status ?? -1);
  const ownStderr = useTime ? stderr.split('\tCommand being timed:')[0]! : stderr;
  return { wallMs, cpuMs, maxRssKb, exitCode, stderr: ownStderr.trim().slice(-2000) };
}
