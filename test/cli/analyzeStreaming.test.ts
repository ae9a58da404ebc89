import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayEvents } from '#shared/engine/replayEvents.ts';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import { AlertSpill } from '../../cli/analyze/AlertSpill.ts';
import { buildAnalyzeReport, buildAnalyzeReportBody } from '../../cli/analyze/buildAnalyzeReport.ts';
import { ReplayStore } from '../../cli/analyze/ReplayStore.ts';
import { renderAnalyzeText, writeAnalyzeText } from '../../cli/analyze/renderAnalyzeText.ts';
import { analyzeJson, writeAnalyzeJson } from '../../cli/analyze/writeAnalyzeJson.ts';
import { LONG_INSTANCES, longMarker, longScenario } from '../engine/longScenario.ts';
import { config, LOG_GROUP, run } from '../engine/support.ts';

/*
 * analyze no longer holds its alerts: the replay hands them to an AlertSpill (a temporary file) and
 * the report is written as it is made. The bytes must be those of the report built whole.
 */
const cfg = config();
const scenarios = {
  'twelve hours, every rule, cooldowns': () => longScenario(),
  'noise only, no alert at all': () => run('i-a', 0, 600, 'clientClosed', 5),
};

async function whole(events: ReturnType<typeof longScenario>) {
  const store = new ReplayStore();
  await store.putDeployWindow(longMarker());
  const outcome = await replayEvents(events, store, cfg);
  return buildAnalyzeReport(outcome, store, cfg, LOG_GROUP, [...LONG_INSTANCES]);
}

async function streamed(events: ReturnType<typeof longScenario>) {
  const store = new ReplayStore();
  await store.putDeployWindow(longMarker());
  const spill = new AlertSpill();
  try {
    const outcome = await replayEvents(events, store, cfg, {
      batchMs: 10_000,
      sweepMs: 60_000,
      collect: spill,
    });
    expect(outcome.sent).toEqual([]);
    const body = await buildAnalyzeReportBody(outcome, spill, store, cfg, LOG_GROUP, [...LONG_INSTANCES]);
    const output = async (writer: typeof writeAnalyzeJson) => {
      const parts: string[] = [];
      await writer(
        (text) => {
          parts.push(text);
        },
        body,
        spill,
      );
      return { text: parts.join(''), parts: parts.length };
    };
    return { json: await output(writeAnalyzeJson), text: await output(writeAnalyzeText), spill };
  } finally {
    spill.dispose();
  }
}

describe('analyze output written as it is made', () => {
  it.each(Object.entries(scenarios))(
    '%s: the same bytes as the report built whole',
    async (_name, events) => {
      const report = await whole(events());
      const out = await streamed(events());
      expect(out.json.text).toBe(`${JSON.stringify(analyzeJson(report), null, 2)}\n`);
      expect(out.text.text).toBe(renderAnalyzeText(report));
      // Written in pieces (one per alert at least), not as one string.
      expect(out.json.parts).toBeGreaterThan(report.alerts.length);
    },
  );

  it('the long scenario is one that exercises the cooldown and many alerts', async () => {
    const report = await whole(longScenario());
    expect(report.alerts.length).toBeGreaterThan(20);
    expect(report.analysis.held.length).toBeGreaterThan(0);
  });

  it('deletes its temporary file', async () => {
    const spill = new AlertSpill();
    await replayEvents(run('i-a', 0, 200, 'permission', 5), new MemoryStateStore(), cfg, {
      batchMs: 10_000,
      sweepMs: 60_000,
      collect: spill,
    });
    const alerts = [];
    for await (const a of spill.alerts()) alerts.push(a);
    expect(alerts.map((a) => a.kind)).toContain('page');
    expect(existsSync(spill.file)).toBe(true);
    spill.dispose();
    expect(existsSync(spill.file)).toBe(false);
  });
});
