import { describe, expect, it } from 'vitest';
import { CAUSES, SIGNATURES } from '#shared/catalogue/index.ts';
import { classifyLine } from '#shared/classify/classifyLine.ts';
import type { Phase, Signature, StatusRule } from '#shared/model/index.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';

/** The status a rule gives in a phase, computed here from the signature's own data. */
function expectedStatus(rule: StatusRule, phase: Phase): number | null {
  if (rule === null || typeof rule === 'number') return rule;
  return phase in rule.byPhase ? (rule.byPhase[phase] ?? null) : rule.otherwise;
}

const CASES = SIGNATURES.flatMap((sig) =>
  sig.examples.map((line, i) => [`${sig.id} #${i + 1}`, sig, line] as const),
);

describe('every signature example classifies to its own signature', () => {
  it.each(CASES)('%s', (_name, sig: Signature, line: string) => {
    const parsed = parseErrorLine(line);
    expect(parsed.kind, `does not parse: ${line}`).toBe('entry');
    if (parsed.kind !== 'entry') return;
    const result = classifyLine(parsed);
    const cause = sig.causeByPhase?.[parsed.phase] ?? sig.cause;
    expect({
      signature: result.signature,
      cause: result.cause,
      status: result.status,
      group: result.group,
    }).toEqual({
      signature: sig.id,
      cause,
      status: expectedStatus(sig.status, parsed.phase),
      // The group is the catalogue's, for the cause the signature names.
      group: CAUSES[cause].group,
    });
  });

  it('covers the phases the status rules distinguish', () => {
    const phases = new Set(
      CASES.map(([, , line]) => parseErrorLine(line)).flatMap((p) => (p.kind === 'entry' ? [p.phase] : [])),
    );
    for (const phase of [
      'connect',
      'handshake',
      'send',
      'header',
      'body',
      'client',
      'other',
      'none',
    ] as const) {
      expect(phases.has(phase), `no example in phase ${phase}`).toBe(true);
    }
  });
});
