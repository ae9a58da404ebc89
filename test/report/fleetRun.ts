import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLES = join(ROOT, 'examples');
const NGINX_TIME = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) /;

/** The lines of a captured log, each with its time (ms, nginx's own zone read as UTC). */
function captured(scenario: string, file: string): { at: number; rest: string }[] {
  return readFileSync(join(EXAMPLES, scenario, file), 'utf8')
    .split('\n')
    .filter((l) => NGINX_TIME.test(l))
    .map((l) => {
      const [, y, mo, d, h, mi, s] = NGINX_TIME.exec(l) ?? [];
      return {
        at: Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)),
        rest: l.replace(NGINX_TIME, ''),
      };
    });
}

function nginxTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} `;
}

/** Captured lines moved in time so the first one is at `start`. */
function shifted(
  lines: readonly { at: number; rest: string }[],
  start: number,
): { at: number; text: string }[] {
  const first = lines[0]?.at ?? start;
  return lines.map((l) => {
    const at = start + (l.at - first);
    return { at, text: `${nginxTime(at)}${l.rest}` };
  });
}

export interface FleetRun {
  dir: string;
  /** The log files, in the order a shell glob gives them (by name). */
  files: string[];
  instances: string[];
  /** The instances that fail. */
  failing: string[];
  dispose(): void;
}

/**
 * A fleet of `size` instances over 40 minutes, recomposed from real nginx lines of examples/: two
 * instances fail (the socket-missing instance of the bad deploy, and the refused connections of
 * the fleet outage, ten minutes apart), every other instance writes only a sparse `client
 * prematurely closed` line now and then (nginx's `[info]` noise, captured in examples/single).
 * The failing instances sit in the middle of the alphabetical order, where a list would bury them.
 */
export function writeFleetRun(size = 200): FleetRun {
  const dir = mkdtempSync(join(tmpdir(), 'ut-fleet-'));
  const start = Date.UTC(2026, 10, 22, 2, 0, 0);
  const socket = captured('bad-deploy', 'i-0c2d4e6f8a0b10003.log').filter(
    (l) => l.rest.includes('[crit]') || l.rest.includes('[error]'),
  );
  const refused = captured('fleet-outage', 'i-0f1e2d3c4b5a60001.log').filter((l) =>
    l.rest.includes('[error]'),
  );
  const noise = captured('single', 'error.log').filter((l) => l.rest.includes('client prematurely closed'));
  if (socket.length === 0 || refused.length === 0 || noise.length === 0)
    throw new Error('examples/ no longer hold the lines the fleet run is made of');
  const instances = Array.from({ length: size }, (_, i) => `i-0f1ee7${String(i).padStart(10, '0')}`);
  const failing = [instances[Math.floor(size * 0.43)]!, instances[Math.floor(size * 0.71)]!];
  const files = instances.map((instance, k) => {
    const lines: { at: number; text: string }[] = [];
    // Sparse noise: one line every 7 to 13 minutes, staggered per instance.
    for (let t = start + (k % 11) * 23_000; t < start + 40 * 60_000; t += (7 + (k % 7)) * 60_000)
      lines.push(...shifted([noise[k % noise.length]!], t));
    if (instance === failing[0]) lines.push(...shifted(socket, start + 12 * 60_000));
    if (instance === failing[1]) lines.push(...shifted(refused, start + 22 * 60_000));
    lines.sort((a, b) => a.at - b.at);
    const file = join(dir, `${instance}.log`);
    writeFileSync(file, `${lines.map((l) => l.text).join('\n')}\n`);
    return file;
  });
  return { dir, files, instances, failing, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
