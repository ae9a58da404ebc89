import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BinEvent } from '#shared/report/binEvents.ts';
import { buildReportModel } from '#shared/report/buildReportModel.ts';
import { renderHtmlReport } from '#shared/report/renderHtmlReport.ts';
import { runCli } from '../cli/support.ts';
import { writeFleetRun } from './fleetRun.ts';
import { analysisOf, deployWindow, incident } from './support.ts';

/**
 * The HTML report as a person sees it: rendered by a real browser (Debian's `chromium`, driven by
 * playwright-core), for the real rolling deploy captured from nginx in examples/. Chromium comes
 * from scripts/install-chromium.sh; without it the suite is skipped locally with that hint, and
 * fails in CI (CI set).
 *
 * UPDATE_SCREENSHOT=1 also refreshes docs/report-rolling-deploy.png (the README's picture); the
 * test always writes test-artifacts/report-rolling-deploy.png.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/rolling-deploy');
const ARTIFACT = join(ROOT, 'test-artifacts/report-rolling-deploy.png');
const DOCS_SHOT = join(ROOT, 'docs/report-rolling-deploy.png');

const available = existsSync(CHROMIUM);
const mustRun = Boolean(process.env.CI);
if (!available && !mustRun) {
  console.warn(
    `browser tests skipped: ${CHROMIUM} is missing; run \`bash scripts/install-chromium.sh\` (as root) to install it`,
  );
}

/** What the page did besides rendering: must stay empty but for the page's own URL. */
interface PageWatch {
  errors: string[];
  requests: string[];
  dialogs: string[];
}

function watch(page: Page): PageWatch {
  const w: PageWatch = { errors: [], requests: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') w.errors.push(m.text());
  });
  page.on('pageerror', (e) => w.errors.push(String(e)));
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('dialog', (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  return w;
}

/** The text of an element: markup injected from a log would be elements, not text, and missing here. */
async function seenText(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

/** Milliseconds from navigation start to the end of the load event (the page is static: that is its render). */
async function loadTime(page: Page): Promise<number> {
  // A string, evaluated in the page: the project's TypeScript has no DOM library.
  return (await page.evaluate("performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? -1")) as number;
}

describe.skipIf(!available && !mustRun)('HTML report in headless Chromium', () => {
  let dir: string;
  let context: BrowserContext;

  beforeAll(async () => {
    if (!available)
      throw new Error(`${CHROMIUM} is required in CI: run \`bash scripts/install-chromium.sh\``);
    dir = mkdtempSync(join(tmpdir(), 'ut-report-'));
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1366, height: 900 },
      deviceScaleFactor: 2,
      offline: true,
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('rolling deploy: one row per instance, the deploy window shaded where it was, no errors, no requests', async () => {
    const logs = readdirSync(EXAMPLE)
      .filter((f) => f.endsWith('.log'))
      .sort();
    const instances = logs.map((f) => f.replace(/\.log$/, ''));
    const markers = JSON.parse(readFileSync(join(EXAMPLE, 'markers.json'), 'utf8')) as {
      deployments: { id: string; start: string; end: string }[];
    };
    const deploy = markers.deployments[0];
    if (!deploy) throw new Error('examples/rolling-deploy/markers.json names no deployment');
    const out = join(dir, 'rolling-deploy.html');
    const cli = await runCli([
      'analyze',
      // Relative paths, as a user types them (the report shows them; no machine path in the picture).
      ...logs.map((f) => relative(process.cwd(), join(EXAMPLE, f))),
      '--markers',
      relative(process.cwd(), join(EXAMPLE, 'markers.json')),
      '--html',
      out,
    ]);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);

    const page = await context.newPage();
    const seen = watch(page);
    const url = pathToFileURL(out).href;
    await page.goto(url, { waitUntil: 'load' });

    // One row per instance, labelled with the instance ids taken from the file names.
    const labels = await page
      .locator('svg.timeline g.row text.row-label')
      .evaluateAll((els) => els.map((e) => e.firstChild?.textContent ?? ''));
    expect(labels).toEqual(instances);
    expect(await page.locator('svg.timeline g.row').count()).toBe(4);

    // Map time to screen x from two axis labels the browser drew.
    const tick = async (label: string) => {
      const box = await page
        .locator('svg.timeline text', { hasText: new RegExp(`^${label}$`) })
        .first()
        .boundingBox();
      if (!box) throw new Error(`axis label ${label} not drawn`);
      return box.x + box.width / 2;
    };
    const x30 = await tick('02:15:30');
    const x55 = await tick('02:15:55');
    const secondPx = (x55 - x30) / 25;
    const xAt = (iso: string) =>
      x30 + ((Date.parse(iso) - Date.parse('2026-11-22T02:15:30Z')) / 25_000) * (x55 - x30);

    // The deploy window is shaded across the four rows, from its start to its end.
    const shade = page.locator(`svg.timeline rect.deploy-window[data-deployment="${deploy.id}"]`);
    expect(await shade.count()).toBe(1);
    const box = await shade.boundingBox();
    if (!box) throw new Error('deploy window not drawn');
    expect(box.width).toBeGreaterThan(100);
    expect(Math.abs(box.x - xAt(deploy.start))).toBeLessThan(3);
    expect(Math.abs(box.x + box.width - xAt(deploy.end))).toBeLessThan(3);
    const rows = await page.locator('svg.timeline g.row rect.row-bg').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }),
    );
    expect(box.y).toBeLessThanOrEqual((rows[0]?.y ?? 0) + 1);
    expect(box.y + box.height).toBeGreaterThanOrEqual((rows[3]?.y ?? 0) + (rows[3]?.height ?? 0) - 1);
    expect(await page.locator('g.deploy-label', { hasText: deploy.id }).isVisible()).toBe(true);

    // Each instance's 502 burst is drawn in its own row, one after another, inside the window.
    const bursts = [];
    for (const [i, row] of rows.entries()) {
      const marks = await page.locator('svg.timeline g.mark').evaluateAll(
        (els, r) =>
          els
            .map((e) => e.getBoundingClientRect())
            .filter((b) => b.y >= r.y && b.y + b.height <= r.y + r.height)
            .map((b) => [b.x, b.x + b.width]),
        row,
      );
      expect(marks.length, `marks in row ${i + 1}`).toBeGreaterThan(0);
      bursts.push([
        Math.min(...marks.map((m) => m[0] ?? 0)),
        Math.max(...marks.map((m) => m[1] ?? 0)),
      ] as const);
    }
    for (const [i, [from, to]] of bursts.entries()) {
      // nginx logs whole seconds: a burst's first bar starts at the second the window starts in.
      expect(from).toBeGreaterThanOrEqual(box.x - secondPx - 1);
      expect(to).toBeLessThanOrEqual(box.x + box.width + secondPx + 1);
      if (i > 0) expect(from).toBeGreaterThan(bursts[i - 1]?.[1] ?? 0);
    }

    // What the page says: not an outage, the deployment card, and the digest as the recipient reads it.
    await expect(seenText(page.locator('.verdict'))).resolves.toMatch(
      /No outage: deployment d-ROLLING01 was not zero-downtime/,
    );
    await expect(
      seenText(page.locator(`article.deployment[data-deployment="${deploy.id}"]`)),
    ).resolves.toMatch(/not zero-downtime/);
    await expect(seenText(page.locator('article.alert[data-kind="digest"] .subject'))).resolves.toMatch(
      /^Subject: DIGEST: deployment d-ROLLING01/,
    );
    expect(await page.locator('g.alert-pin[data-kind="digest"]').count()).toBe(1);
    // Hover text is there for every burst mark.
    expect(await page.locator('svg.timeline g.mark > title').count()).toBe(
      await page.locator('svg.timeline g.mark').count(),
    );

    const timing = { load: await loadTime(page) };
    console.info(
      `report-rolling-deploy: ${readFileSync(out).length} bytes, rendered (load event) in ${timing.load.toFixed(0)} ms`,
    );

    expect(seen.errors).toEqual([]);
    expect(seen.dialogs).toEqual([]);
    expect(seen.requests).toEqual([url]);

    // The picture for a post-mortem: header, verdict, timeline, legend and the deployment card with its fix.
    const card = await page.locator('article.deployment').first().boundingBox();
    const clip = {
      x: 0,
      y: 0,
      width: 1366,
      height: Math.min(2000, Math.ceil((card?.y ?? 880) + (card?.height ?? 0) + 20)),
    };
    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: ARTIFACT, clip, fullPage: true });
    if (process.env.UPDATE_SCREENSHOT === '1') {
      mkdirSync(join(ROOT, 'docs'), { recursive: true });
      copyFileSync(ARTIFACT, DOCS_SHOT);
    }
    await page.close();
  });

  // 200 log files through the CLI, then Chromium: minutes on a loaded machine, not the default 30 s.
  it('a fleet of 200 where 2 fail: the failing instances on the first screen, the quiet ones one click away', async () => {
    const fleet = writeFleetRun(200);
    try {
      const out = join(dir, 'fleet.html');
      const cli = await runCli(['analyze', ...fleet.files, '--html', out]);
      expect(cli.code).toBe(0);
      const page = await context.newPage();
      const seen = watch(page);
      await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
      // The first screen (1366 × 900, not scrolled) shows each failing instance's row, label and marks.
      for (const name of fleet.failing) {
        const row = page.locator(`svg.timeline g.row[data-instance="${name}"]`);
        const box = await row.boundingBox();
        if (!box) throw new Error(`row of ${name} not drawn`);
        expect(box.y + box.height, name).toBeLessThanOrEqual(900);
        expect(await row.locator('text.row-label').isVisible()).toBe(true);
      }
      expect(await page.locator('svg.timeline g.row').count()).toBe(3);
      await expect(seenText(page.locator('svg.timeline g.row.folded text.row-label'))).resolves.toMatch(
        /^198 instances/,
      );
      // The folded list opens without script.
      const quietRow = page.locator('#instances details.folded tr[data-instance]').first();
      expect(await quietRow.isVisible()).toBe(false);
      await page.locator('#instances details.folded summary').click();
      expect(await quietRow.isVisible()).toBe(true);
      expect(await page.locator('#instances details.folded tr[data-instance]').count()).toBe(198);
      // Alert markers never overlap.
      const pins = await page.locator('svg.timeline g.alert-pin rect').evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return [r.left, r.right];
        }),
      );
      expect(pins.length).toBeGreaterThan(0);
      const sorted = [...pins].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
      for (let k = 1; k < sorted.length; k++)
        expect(sorted[k]?.[0]).toBeGreaterThanOrEqual(sorted[k - 1]?.[1] ?? 0);
      expect(seen.errors).toEqual([]);
      expect(seen.requests).toEqual([pathToFileURL(out).href]);
      await page.close();
    } finally {
      fleet.dispose();
    }
  }, 180_000);

  it('hostile request lines and file names render as text: no script, no image, no dialog', async () => {
    const logDir = join(dir, 'hostile');
    mkdirSync(logDir);
    const request =
      'GET /<script>alert(document.domain)</script>"><img src=x onerror=alert(document.cookie)> HTTP/1.1';
    const line = (s: number, id: number) =>
      `2026/11/22 02:15:${String(s).padStart(2, '0')} [error] 7#7: *${id} connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1, server: shop, request: "${request}", upstream: "http://127.0.0.1:8080/", host: "</title><script>alert(2)</script>"`;
    const evil = join(logDir, 'i-evil"><svg onload=alert(3)>.log');
    writeFileSync(evil, `${Array.from({ length: 20 }, (_, i) => line(10 + i, i + 1)).join('\n')}\n`);
    const out = join(dir, 'hostile.html');
    const cli = await runCli(['analyze', evil, '--html', out]);
    expect(cli.code).toBe(0);

    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
    expect(await page.locator('script, img, iframe, object, embed, link, body svg svg').count()).toBe(0);
    const handlers = await page
      .locator('*')
      .evaluateAll((els) =>
        els.flatMap((e) => e.getAttributeNames().filter((n: string) => n.startsWith('on'))),
      );
    expect(handlers).toEqual([]);
    const text = await seenText(page.locator('body'));
    expect(text).toContain('<script>alert(document.domain)</script>');
    expect(text).toContain('i-evil"><svg onload=alert(3)>');
    expect(await page.locator('svg.timeline g.row').count()).toBe(1);
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
    expect(seen.requests).toEqual([pathToFileURL(out).href]);
    await page.close();
  });

  // 2 M events binned, then Chromium: a loaded machine needs more than the default 30 s.
  it('a day of logs on eight instances stays small and renders', async () => {
    const t0 = Date.UTC(2026, 10, 21, 0, 0, 0);
    const events: BinEvent[] = [];
    // Errors in every second of the day on every instance (pre-aggregated per second, as analyze does).
    for (let i = 0; i < 8; i++) {
      for (let s = 0; s < 86_400; s++) {
        const cause = s % 600 < 30 ? 'upstream_refused' : s % 7 === 0 ? 'upstream_timeout' : 'client_closed';
        events.push({
          instance: `i-0000000000000000${i}`,
          timestamp: t0 + s * 1000,
          cause,
          status: cause === 'client_closed' ? null : cause === 'upstream_timeout' ? 504 : 502,
          count: 3,
        });
      }
    }
    const names = Array.from({ length: 8 }, (_, i) => `i-0000000000000000${i}`);
    const html = renderHtmlReport(
      buildReportModel({
        analysis: analysisOf({
          instances: names,
          incidents: names.map((instance) =>
            incident({
              instance,
              cause: 'upstream_refused',
              firstSeen: t0,
              lastSeen: t0 + 86_399_000,
              count: 4320,
            }),
          ),
          windows: [
            deployWindow({ id: 'd-DAY', source: 'marker', start: t0 + 3_600_000, end: t0 + 3_900_000 }),
          ],
        }),
        timeZone: 'America/New_York',
        sources: ['synthetic'],
        events,
        alerts: [],
        settings: { graceMs: 90_000, burstGapMs: 30_000 },
      }),
    );
    const out = join(dir, 'day.html');
    writeFileSync(out, html);
    expect(html.length).toBeLessThan(2_000_000);

    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
    expect(await page.locator('svg.timeline g.row').count()).toBe(8);
    const marks = await page.locator('svg.timeline g.mark').count();
    expect(marks).toBeGreaterThan(8 * 200);
    expect(marks).toBeLessThanOrEqual(8 * 289);
    const timing = await loadTime(page);
    console.info(
      `synthetic day (8 instances, ${(events.length * 3).toLocaleString('en-US')} events): ${html.length} bytes, rendered (load event) in ${timing.toFixed(0)} ms`,
    );
    expect(seen.errors).toEqual([]);
    expect(seen.requests).toHaveLength(1);
    await page.close();
  }, 180_000);
});
