import { describe, expect, it } from 'vitest';
import { EntryAssembler } from '#shared/parse/EntryAssembler.ts';
import { LineSplitter } from '#shared/parse/LineSplitter.ts';

function assemble(lines: string[]): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  const a = new EntryAssembler((text, line) => out.push([text, line]));
  for (const l of lines) a.push(l);
  a.end();
  return out;
}

const T = '2026/11/03 14:02:11';
const TAIL =
  'while reading response header from upstream, client: 10.0.0.1, server: wp, request: "GET / HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "wp"';

describe('EntryAssembler', () => {
  it('joins a FastCGI stack trace to its entry and numbers entries by their first line', () => {
    const out = assemble([
      `${T} [notice] 1#1: start worker processes`,
      `${T} [error] 9#9: *7 FastCGI sent in stderr: "PHP message: PHP Fatal error:  boom in /var/www/index.php:3`,
      'Stack trace:',
      '#0 {main}',
      `  thrown in /var/www/index.php on line 3" ${TAIL}`,
      `${T} [error] 9#9: *8 upstream prematurely closed connection`,
    ]);
    expect(out.map(([, line]) => line)).toEqual([1, 2, 6]);
    expect(out[1]![0].split('\n')).toHaveLength(4);
  });

  it('closes the entry at the tail, so a later line without timestamp stands alone', () => {
    const out = assemble([
      `${T} [error] 9#9: *7 FastCGI sent in stderr: "PHP message: x" ${TAIL}`,
      'junk after it',
    ]);
    expect(out).toEqual([
      [`${T} [error] 9#9: *7 FastCGI sent in stderr: "PHP message: x" ${TAIL}`, 1],
      ['junk after it', 2],
    ]);
  });

  it('appends indented lines (as the CloudWatch agent does) but not unindented junk', () => {
    const out = assemble([`${T} [error] 1#1: *1 something`, '    indented detail', 'junk']);
    expect(out).toEqual([
      [`${T} [error] 1#1: *1 something\n    indented detail`, 1],
      ['junk', 3],
    ]);
  });

  it('treats a leading line without timestamp as its own (unparsed) entry', () => {
    expect(assemble(['Stack trace:', `${T} [notice] 1#1: exiting`])).toEqual([
      ['Stack trace:', 1],
      [`${T} [notice] 1#1: exiting`, 2],
    ]);
  });

  it('bounds an entry whose stderr quote never closes', () => {
    const lines = [`${T} [error] 9#9: *7 FastCGI sent in stderr: "never closed`];
    for (let i = 0; i < 2000; i++) lines.push(`#${i} frame`);
    const out = assemble(lines);
    expect(out.length).toBeGreaterThan(1);
    const total = out.reduce((n, [text]) => n + text.split('\n').length, 0);
    expect(total).toBe(lines.length);
  });
});

describe('LineSplitter', () => {
  it('splits across chunk boundaries and keeps a last line without newline', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    for (const c of ['ab', 'c\nde', 'f\n\ngh']) s.push(c);
    s.end();
    expect(lines).toEqual(['abc', 'def', '', 'gh']);
  });

  it('cuts a line longer than the limit, reports the cut, and resumes at the next line', () => {
    const got: Array<[string, boolean]> = [];
    const s = new LineSplitter((l, cut) => got.push([l, cut]), 10);
    s.push('x'.repeat(25));
    s.push('y'.repeat(25));
    s.push('\nok\n');
    s.end();
    expect(got).toEqual([
      ['x'.repeat(10), true],
      ['ok', false],
    ]);
  });
});
