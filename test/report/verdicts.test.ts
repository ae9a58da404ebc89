import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/support.ts';

/**
 * One model, three views: on every example, the verdicts `analyze` prints in its text tables, its
 * JSON and its HTML report are the same, instance for instance, deployment for deployment and
 * incident for incident. Each view is read back as a reader (or a program) would: the text by its
 * table columns, the JSON by its fields, the HTML by its rows' data attributes.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'ut-verdicts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCENARIOS = readdirSync(join(ROOT, 'examples'), { withFileTypes: true })
  .filter(
    (d) => d.isDirectory() && readdirSync(join(ROOT, 'examples', d.name)).some((f) => f.startsWith('i-')),
  )
  .map((d) => d.name)
  .sort();

interface Verdicts {
  instances: Record<string, string>;
  deployments: Record<string, string>;
  /** `scope cause first-seen` → verdict (the text table names incidents by these). */
  incidents: Record<string, string>;
}

/** The rows of a text table: cells are separated by two spaces or more (values hold single spaces). */
function textTable(text: string, title: string): Record<string, string>[] {
  const lines = text.split('\n');
  const at = lines.indexOf(title);
  if (at < 0) return [];
  const cells = (line: string) => line.trim().split(/ {2,}/);
  const names = cells(lines[at + 1] ?? '');
  const rows: Record<string, string>[] = [];
  for (const line of lines.slice(at + 2)) {
    if (line.trim() === '' || !line.startsWith('  ') || line.startsWith('  …')) break;
    const values = cells(line);
    expect(values, line).toHaveLength(names.length);
    rows.push(Object.fromEntries(names.map((name, k) => [name, values[k] ?? ''])));
  }
  return rows;
}

function fromText(text: string): Verdicts {
  const v: Verdicts = { instances: {}, deployments: {}, incidents: {} };
  for (const r of textTable(text, 'Instances')) v.instances[r.instance ?? ''] = r.verdict ?? '';
  for (const r of textTable(text, 'Deployments')) v.deployments[r.id ?? ''] = r.verdict ?? '';
  for (const r of textTable(text, 'Incidents'))
    v.incidents[`${r.scope} ${r.cause} ${r['first seen']}`] = r.verdict ?? '';
  return v;
}

interface Json {
  instances: { instance: string; verdict: string }[];
  deployments: { id: string; source: string; verdict: string }[];
  incidents: {
    id: string;
    scope: { instance?: string };
    perInstance: Record<string, number>;
    cause: string;
    firstSeen: string;
    verdict: string;
  }[];
}

function fromJson(json: Json): Verdicts & { byId: Record<string, string> } {
  const v = { instances: {}, deployments: {}, incidents: {}, byId: {} } as Verdicts & {
    byId: Record<string, string>;
  };
  for (const i of json.instances) v.instances[i.instance] = i.verdict;
  for (const d of json.deployments) v.deployments[d.id] = d.verdict;
  for (const i of json.incidents) {
    const scope = i.scope.instance ?? `fleet (${Object.keys(i.perInstance).length})`;
    v.incidents[`${scope} ${i.cause} ${i.firstSeen}`] = i.verdict;
    v.byId[i.id] = i.verdict;
  }
  return v;
}

const decodeAttr = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function fromHtml(html: string): {
  instances: Record<string, string>;
  deployments: Record<string, string>;
  byId: Record<string, string>;
} {
  const pick = (re: RegExp) =>
    Object.fromEntries([...html.matchAll(re)].map((m) => [decodeAttr(m[1] ?? ''), decodeAttr(m[2] ?? '')]));
  return {
    instances: pick(/<tr data-instance="([^"]*)" data-verdict="([^"]*)">/g),
    deployments: pick(/<article class="card deployment" data-deployment="([^"]*)" data-verdict="([^"]*)">/g),
    byId: pick(/<tr data-incident="([^"]*)" data-verdict="([^"]*)">/g),
  };
}

describe('analyze: text, JSON and HTML give the same verdicts', () => {
  it('runs on every example', () => {
    expect(SCENARIOS).toEqual(['bad-deploy', 'config-error-mid-deploy', 'fleet-outage', 'rolling-deploy']);
  });

  it.each(SCENARIOS)('%s', async (scenario) => {
    const folder = join(ROOT, 'examples', scenario);
    const files = readdirSync(folder);
    const args = [
      'analyze',
      ...files
        .filter((f) => f.endsWith('.log'))
        .sort()
        .map((f) => join(folder, f)),
      ...(files.includes('markers.json') ? ['--markers', join(folder, 'markers.json')] : []),
    ];
    const htmlPath = join(dir, `${scenario}.html`);
    const jsonRun = await runCli([...args, '--format', 'json', '--html', htmlPath]);
    const textRun = await runCli([...args, '--all']);
    expect([jsonRun.code, textRun.code, jsonRun.stderr, textRun.stderr]).toEqual([0, 0, '', '']);
    const json = fromJson(JSON.parse(jsonRun.stdout) as Json);
    const text = fromText(textRun.stdout);
    const html = fromHtml(readFileSync(htmlPath, 'utf8'));

    // Every instance, deployment and incident is there, with a verdict.
    expect(Object.keys(json.instances).length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(json.incidents).length).toBeGreaterThanOrEqual(Object.keys(json.instances).length);
    expect(Object.values(json.instances).every((v) => v !== '')).toBe(true);

    expect(text.instances).toEqual(json.instances);
    expect(html.instances).toEqual(json.instances);
    expect(text.deployments).toEqual(json.deployments);
    // The HTML draws nginx lifecycle windows as a note, not as cards: the others, verdict for verdict.
    const cards = Object.fromEntries(
      (JSON.parse(jsonRun.stdout) as Json).deployments
        .filter((d) => d.source !== 'lifecycle')
        .map((d) => [d.id, d.verdict]),
    );
    expect(html.deployments).toEqual(cards);
    expect(text.incidents).toEqual(json.incidents);
    // The HTML lists noise incidents by cause (counted, no alert): the rest by id.
    const listed = Object.fromEntries(Object.entries(json.byId).filter(([, v]) => v !== 'counted'));
    expect(html.byId).toEqual(listed);
  });
});
