/**
 * Worst-case line shapes at 1 MB: the time `EntryAssembler` + `parseErrorLine` + `classifyLine` take
 * on one line built from a unit repeated to 1 MB (the shapes that were superlinear before the tail
 * parser was read in one pass and the catalogue patterns were capped). Target: < 50 ms each (wall,
 * max of 5 rounds after a warm-up; the CPU time is printed too, for shared machines).
 * Run: `node --import tsx bench/worstLines.ts` (`--json` for JSON on stdout). Nothing is asserted
 * in the test suite; the tests check linear growth by counting work (test/parse/linearWork.test.ts).
 */
import { classifyLine } from '#shared/classify/index.ts';
import { EntryAssembler, parseErrorLine } from '#shared/parse/index.ts';
import { median } from './timeIt.ts';

const SIZE = 1024 * 1024;
const TARGET_MS = 50;
const ROUNDS = 5;
const HEAD = '2026/11/03 14:02:11 [error] 2817#2817: *4512 ';
const TAIL =
  ', client: 10.0.0.1, server: api.example.com, request: "GET /v1/x HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/x", host: "api.example.com"';

const SHAPES: readonly [name: string, before: string, unit: string, after: string][] = [
  ['many ", client: " in the message', `${HEAD}x`, ', client: a', ''],
  ['many ", client: " before a real tail', `${HEAD}x`, ', client: a', TAIL],
  [
    'decoded URI with ", k: \\"" in the request',
    `${HEAD}upstream timed out (110: Connection timed out) while reading response header from upstream, client: 1.2.3.4, server: s, request: "GET /`,
    ', k: "',
    ' HTTP/1.1", host: "h"',
  ],
  [
    'FastCGI "Access to the script" repeated',
    `${HEAD}FastCGI sent in stderr: "`,
    'Access to the script ',
    `"${TAIL}`,
  ],
  ['errno-like parentheses', `${HEAD}upstream timed out `, '(1: ', TAIL],
  ['quotes and commas', `${HEAD}x`, '", ', '"'],
  [
    'resolver tails',
    `${HEAD}recv() failed (111: Connection refused)`,
    ', resolver: 1',
    ' while resolving, resolver: 127.0.0.53:53',
  ],
  ['catalogue literals repeated', HEAD, 'connect() failed upstream timed out no live upstreams ', TAIL],
  [
    'one long request line',
    `${HEAD}connect() failed (111: Connection refused) while connecting to upstream, client: 1.2.3.4, server: s, request: "GET /`,
    'a',
    ' HTTP/1.1", host: "h"',
  ],
];

function lineOf(before: string, unit: string, after: string): string {
  const repeats = Math.max(1, Math.floor((SIZE - before.length - after.length) / unit.length));
  return before + unit.repeat(repeats) + after;
}

function run(line: string): void {
  const entries: string[] = [];
  const assembler = new EntryAssembler((text) => entries.push(text));
  assembler.push(line);
  assembler.end();
  for (const text of entries) classifyLine(parseErrorLine(text));
}

const rows = SHAPES.map(([name, before, unit, after]) => {
  const line = lineOf(before, unit, after);
  run(line); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run(line);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return {
    shape: name,
    bytes: line.length,
    medianMs: median(times),
    maxMs: Math.max(...times),
    medianCpuMs: median(cpu),
  };
});

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ targetMs: TARGET_MS, rows }, null, 2)}\n`);
} else {
  for (const r of rows) {
    const verdict = r.maxMs < TARGET_MS ? 'PASS' : 'MISS';
    process.stdout.write(
      `${r.shape.padEnd(45)} ${(r.bytes / 1024).toFixed(0).padStart(5)} KiB  median ${r.medianMs.toFixed(1).padStart(6)} ms  max ${r.maxMs.toFixed(1).padStart(6)} ms  cpu ${r.medianCpuMs.toFixed(1).padStart(6)} ms  ${verdict} (< ${TARGET_MS} ms)\n`,
    );
  }
}
