import type { AnalyzeReportBody } from './buildAnalyzeReport.ts';
import type { SentAlerts } from './SentAlerts.ts';

/**
 * `JSON.stringify(report, null, 2)` and a newline, byte for byte, written as it is made: the alerts
 * (the report's first key) come one at a time from `sent`, each stringified and indented as it
 * would be inside the whole.
 */
export async function writeAnalyzeJson(
  write: (text: string) => void | Promise<void>,
  body: AnalyzeReportBody,
  sent: SentAlerts,
): Promise<void> {
  const empty = '{\n  "alerts": []';
  const whole = JSON.stringify({ alerts: [], ...body }, null, 2);
  if (sent.count === 0) {
    await write(`${whole}\n`);
    return;
  }
  await write('{\n  "alerts": [\n');
  let first = true;
  for await (const alert of sent.alerts()) {
    const text = JSON.stringify(alert, null, 2).replaceAll('\n', '\n    ');
    await write(`${first ? '' : ',\n'}    ${text}`);
    first = false;
  }
  await write(`\n  ]${whole.slice(empty.length)}\n`);
}
