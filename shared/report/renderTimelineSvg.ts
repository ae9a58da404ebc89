import { CAUSES } from '../catalogue/index.ts';
import type { CauseId } from '../types.ts';
import type { Bucket } from './binEvents.ts';
import { escapeHtml, escapeHtmlLine } from './escapeHtml.ts';
import type { NumberedAlert, ReportDeployment, ReportModel } from './ReportModel.ts';
import { axisTicks } from './timeAxis.ts';
import { formatClock, formatDateTime, formatOffset, formatSpan, zoneOffsetMs } from './zonedTime.ts';

/** Geometry of the drawing, in SVG user units (the SVG scales to the page width). */
const W = 1200;
const LABEL_X = 14;
const PLOT_X0 = 226;
const PLOT_X1 = W - 28;
const PLOT_W = PLOT_X1 - PLOT_X0;
const ROW_H = 44;
const BAR_TOP = 6;
const BAR_MAX = 24;
const OTHER_Y = BAR_TOP + BAR_MAX + 2;
const INCIDENT_Y = OTHER_Y + 6;
const PIN_LANE_H = 26;
const DEPLOY_LANE_H = 20;
const MAX_DEPLOY_LANES = 4;
/** Average width of a bold 11.5 px label character, for placing labels without a layout engine. */
const LABEL_CHAR_PX = 6.9;
const AXIS_H = 52;

export const KIND_COLORS = {
  page: '#c62828',
  notify: '#b7791f',
  digest: '#2563a8',
  resolved: '#2e7d32',
} as const;

/** Statuses drawn as coloured bars: what the client got from a failing upstream. */
const isServerError = (status: string) => /^5\d\d$/.test(status);

/**
 * The timeline as inline SVG: one row per instance, time across in the report's zone, 5xx answers
 * per bucket as bars stacked and coloured by cause, other logged events as a grey strip, incidents
 * as a line under the row, deploy windows shaded behind the rows they cover and labelled above,
 * alerts pinned where they were decided (numbered like the alert list). Hovering any mark shows its
 * `<title>`: counts, causes, times. No script: it works in a CSP without `script-src`.
 */
export function renderTimelineSvg(model: ReportModel): string {
  const { timeline, timeZone } = model;
  const { start, end } = model.range;
  const span = Math.max(1, end - start);
  const x = (ms: number) => PLOT_X0 + ((ms - start) / span) * PLOT_W;
  const clampX = (px: number) => Math.min(PLOT_X1, Math.max(PLOT_X0, px));
  const colorOf = new Map(model.causes.map((c) => [c.id, c.color]));
  const causeOrder = new Map(model.causes.map((c, i) => [c.id, i]));
  const withSeconds = timeline.bucketMs < 60_000 || span < 3_600_000;
  const clock = (ms: number) => formatClock(ms, timeZone, withSeconds);

  // Lanes above the rows: alert pins, then deployment labels.
  const pinLanes = placePins(model.alerts, (ms) => clampX(x(ms)));
  const pinLaneCount = Math.max(1, ...pinLanes.map((p) => p.lane + 1));
  const cards = model.deployments;
  const deployLanes = placeLabels(cards, x, clock);
  const deployLaneCount = cards.length === 0 ? 0 : Math.max(...deployLanes.map((l) => l.lane + 1));
  const pinsY0 = 10;
  const deployY0 = pinsY0 + pinLaneCount * PIN_LANE_H + 4;
  const rowsY0 = deployY0 + deployLaneCount * DEPLOY_LANE_H + (deployLaneCount > 0 ? 6 : 0);
  const rows = timeline.rows;
  const rowsY1 = rowsY0 + Math.max(1, rows.length) * ROW_H;
  const height = rowsY1 + AXIS_H;
  const rowIndex = new Map(rows.map((r, i) => [r.instance, i]));
  const rowTop = (i: number) => rowsY0 + i * ROW_H;

  let maxBar = 1;
  for (const row of rows) for (const b of row.buckets) maxBar = Math.max(maxBar, serverErrors(b));

  const out: string[] = [];
  const offset = formatOffset(zoneOffsetMs(start, timeZone));
  const zoneLabel = offset === timeZone ? timeZone : `${timeZone} (${offset})`;
  const tzCaption = `Time in ${zoneLabel}`;
  out.push(
    `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="${escapeHtmlLine(`Timeline of ${rows.length} instances, ${tzCaption}`)}" font-family="system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif">`,
    '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#7c93b5" fill-opacity="0.10"/><line x1="0" y1="0" x2="0" y2="6" stroke="#7c93b5" stroke-width="2" stroke-opacity="0.45"/></pattern></defs>',
  );

  // Row backgrounds and labels.
  rows.forEach((row, i) => {
    const top = rowTop(i);
    const s502 = row.byStatus['502'] ?? 0;
    const s504 = row.byStatus['504'] ?? 0;
    const sub = [`${s502} × 502`, `${s504} × 504`];
    const others = row.total - s502 - s504;
    if (others > 0) sub.push(`${others} other`);
    out.push(
      `<g class="row" data-instance="${escapeHtmlLine(row.instance, 300)}">`,
      `<rect class="row-bg" x="0" y="${top}" width="${W}" height="${ROW_H}" fill="${i % 2 === 0 ? '#f6f8fb' : '#ffffff'}"/>`,
      `<text class="row-label" x="${LABEL_X}" y="${top + 19}" font-size="13" font-family="'DejaVu Sans Mono', ui-monospace, Menlo, Consolas, monospace" fill="#1b2430">${escapeHtmlLine(shorten(row.instance, 24))}<title>${escapeHtmlLine(row.instance, 300)}</title></text>`,
      `<text x="${LABEL_X}" y="${top + 35}" font-size="11" fill="#5b6573">${escapeHtmlLine(sub.join(' · '))}</text>`,
      '</g>',
    );
  });
  if (rows.length === 0) {
    out.push(
      `<text x="${PLOT_X0}" y="${rowsY0 + 26}" font-size="13" fill="#5b6573">No events in these logs.</text>`,
    );
  }

  // Grid lines and the axis.
  const ticks = axisTicks(start, end, timeZone, 12);
  for (const t of ticks) {
    const tx = x(t.ms).toFixed(1);
    out.push(
      `<line x1="${tx}" y1="${rowsY0}" x2="${tx}" y2="${rowsY1 + 5}" stroke="#d5dbe3" stroke-width="1"/>`,
    );
    out.push(
      `<text x="${tx}" y="${rowsY1 + 19}" font-size="11.5" text-anchor="middle" fill="#333c48">${escapeHtmlLine(t.label)}</text>`,
    );
    if (t.date)
      out.push(
        `<text x="${tx}" y="${rowsY1 + 34}" font-size="10.5" text-anchor="middle" fill="#6b7480">${escapeHtmlLine(t.date)}</text>`,
      );
  }
  out.push(
    `<line x1="${PLOT_X0}" y1="${rowsY1}" x2="${PLOT_X1}" y2="${rowsY1}" stroke="#8a94a3" stroke-width="1"/>`,
    `<text class="axis-caption" x="${LABEL_X}" y="${rowsY1 + 19}" font-size="11.5" fill="#333c48">${escapeHtmlLine(shorten(zoneLabel, 32))}</text>`,
    `<text x="${LABEL_X}" y="${rowsY1 + 34}" font-size="10.5" fill="#6b7480">${escapeHtmlLine(`bars: 5xx per ${formatSpan(timeline.bucketMs)}, max ${maxBar}`)}</text>`,
  );

  // Deploy windows: shading behind the rows they cover, a labelled bracket above.
  cards.forEach((d, k) => {
    const x0 = clampX(x(d.start));
    const shownEnd = d.endKnown ? d.end : Math.min(d.end, model.lastEvent ?? d.end);
    const x1 = Math.max(x0 + 2, clampX(x(shownEnd)));
    const fill = d.source === 'inferred' ? 'url(#hatch)' : d.source === 'lifecycle' ? 'none' : '#7c93b5';
    const opacity = d.source === 'marker' ? ' fill-opacity="0.20"' : '';
    const stroke = d.source === 'lifecycle' ? ' stroke="#6b7280" stroke-dasharray="3 3"' : '';
    const title = `<title>${escapeHtmlLine(deploymentTitle(d, timeZone))}</title>`;
    for (const [a, b] of contiguousBlocks(
      d.instances.map((i) => rowIndex.get(i)).filter((i): i is number => i !== undefined),
    )) {
      out.push(
        `<rect class="deploy-window" data-deployment="${escapeHtmlLine(d.id, 300)}" data-source="${d.source}" x="${x0.toFixed(1)}" y="${rowTop(a)}" width="${(x1 - x0).toFixed(1)}" height="${(b - a + 1) * ROW_H}" fill="${fill}"${opacity}${stroke}>${title}</rect>`,
      );
    }
    const placed = deployLanes[k];
    const lane = placed?.lane ?? 0;
    const ly = deployY0 + lane * DEPLOY_LANE_H;
    const color =
      d.verdict.tone === 'page' ? KIND_COLORS.page : d.verdict.tone === 'notice' ? '#8a5a00' : '#2f5b8f';
    out.push(
      `<g class="deploy-label" data-deployment="${escapeHtmlLine(d.id, 300)}">${title}`,
      x1 - x0 >= 6
        ? `<path d="M${x0.toFixed(1)} ${ly + 16} V${ly + 11} H${x1.toFixed(1)} V${ly + 16}" fill="none" stroke="${color}" stroke-width="1.5"/>`
        : `<path d="M${(x0 - 4).toFixed(1)} ${ly + 11} h8 l-4 5 z" fill="${color}"/>`,
      placed?.text === undefined
        ? ''
        : `<text x="${placed.textX.toFixed(1)}" y="${ly + 8}" font-size="11.5" font-weight="600" fill="${color}">${escapeHtmlLine(placed.text)}</text>`,
      '</g>',
    );
  });

  // Bars: 5xx per bucket stacked by cause; other events as a grey strip.
  const bucketPx = (timeline.bucketMs / span) * PLOT_W;
  const barW = Math.max(1, bucketPx >= 3 ? bucketPx - 1 : bucketPx);
  rows.forEach((row, i) => {
    const top = rowTop(i);
    const baseline = top + BAR_TOP + BAR_MAX;
    for (const b of row.buckets) {
      const bx = x(timeline.start + b.index * timeline.bucketMs);
      const errors = serverErrors(b);
      const title = escapeHtml(
        bucketTitle(row.instance, b, timeline.start + b.index * timeline.bucketMs, timeline.bucketMs, clock),
      );
      const x1 = bx.toFixed(1);
      const w1 = barW.toFixed(1);
      const stack: string[] = [];
      if (errors > 0) {
        const h = 3 + (BAR_MAX - 3) * (errors / maxBar);
        let y = baseline;
        const parts = causeSplit(b, errors).sort(
          (p, q) => (causeOrder.get(p[0]) ?? 99) - (causeOrder.get(q[0]) ?? 99),
        );
        for (const [cause, n] of parts) {
          const ph = (h * n) / errors;
          y -= ph;
          stack.push(
            `<rect x="${x1}" y="${y.toFixed(1)}" width="${w1}" height="${ph.toFixed(1)}" fill="${colorOf.get(cause) ?? '#7f7f7f'}"/>`,
          );
        }
      }
      if (b.total > errors) {
        stack.push(
          `<rect class="other" x="${x1}" y="${top + OTHER_Y}" width="${w1}" height="3" fill="#9aa3af"/>`,
        );
      }
      // One hover title per bucket, shared by its bar and its grey strip.
      const cls = errors > 0 ? `mark" data-count="${errors}` : 'quiet';
      out.push(`<g class="${cls}"><title>${title}</title>${stack.join('')}</g>`);
    }
  });

  // Incidents: a line under the row from first to last event.
  for (const inc of model.incidents) {
    if (inc.instance === null) continue;
    const i = rowIndex.get(inc.instance);
    if (i === undefined) continue;
    const x0 = clampX(x(inc.firstSeen));
    const x1 = Math.max(x0 + 4, clampX(x(inc.lastSeen)));
    const statuses = Object.entries(inc.statusCounts)
      .map(([s, n]) => `${n} × ${s}`)
      .join(', ');
    const title = `Incident: ${CAUSES[inc.cause].title} (${inc.cause}) on ${inc.instance}\n${clock(inc.firstSeen)} – ${clock(inc.lastSeen)}, ${inc.count} events (${statuses})${inc.state === 'open' ? ', still open' : ', closed'}${inc.transient ? ', deploy transient' : ''}`;
    out.push(
      `<rect class="incident" x="${x0.toFixed(1)}" y="${rowTop(i) + INCIDENT_Y}" width="${(x1 - x0).toFixed(1)}" height="3" rx="1.5" fill="${colorOf.get(inc.cause) ?? '#555'}" fill-opacity="0.75"><title>${escapeHtml(title)}</title></rect>`,
    );
  }

  // Alert pins, numbered like the alert list, with a guide line down through the rows they concern.
  for (const pin of pinLanes) {
    const a = pin.alert;
    const color = KIND_COLORS[a.kind];
    const cy = pinsY0 + pin.lane * PIN_LANE_H + 11;
    const inRange = a.decidedAt >= start && a.decidedAt <= end;
    const scope = alertRows(a, rowIndex, rows.length);
    const title = escapeHtml(
      `#${a.number} ${a.kind.toUpperCase()}${a.suppressed ? ' (held back: cooldown)' : ''} decided ${formatDateTime(a.decidedAt, timeZone)}${inRange ? '' : ' (after the last event)'}\n${a.subject}`,
    );
    const lineTop = cy + 10;
    const lineBottom = scope.rows.length > 0 ? rowTop(Math.max(...scope.rows)) + ROW_H : rowsY1;
    out.push(
      `<g class="alert-pin" data-kind="${a.kind}" data-number="${a.number}"><title>${title}</title>`,
      `<line x1="${pin.x.toFixed(1)}" y1="${lineTop}" x2="${pin.x.toFixed(1)}" y2="${lineBottom}" stroke="${color}" stroke-width="1.2" stroke-dasharray="4 3" stroke-opacity="0.8"/>`,
      // A marker on each row the alert names; a deployment or fleet alert just crosses them all.
      ...(scope.named ? scope.rows : []).map(
        (r) => `<path d="M${(pin.x - 5).toFixed(1)} ${rowTop(r) + 1} h10 l-5 6 z" fill="${color}"/>`,
      ),
      `<circle cx="${pin.x.toFixed(1)}" cy="${cy}" r="10" fill="${a.suppressed ? '#ffffff' : color}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${pin.x.toFixed(1)}" y="${cy + 4}" font-size="11" font-weight="700" text-anchor="middle" fill="${a.suppressed ? color : '#ffffff'}">${a.number}</text>`,
      inRange
        ? ''
        : `<text x="${(pin.x + 13).toFixed(1)}" y="${cy + 4}" font-size="11" fill="${color}">›</text>`,
      '</g>',
    );
  }
  out.push('</svg>');
  return out.join('\n');
}

function serverErrors(b: Bucket): number {
  let n = 0;
  for (const [status, count] of Object.entries(b.byStatus)) if (isServerError(status)) n += count;
  return n;
}

/**
 * The 5xx of a bucket split by cause. Buckets count causes and statuses separately, so a cause's
 * share of the bar is its count among the causes that can answer 5xx, scaled to the 5xx total.
 */
function causeSplit(b: Bucket, errors: number): [CauseId, number][] {
  const candidates = (Object.entries(b.byCause) as [CauseId, number][]).filter(([cause]) => {
    const group = CAUSES[cause].group;
    return group !== 'noise' && group !== 'lifecycle';
  });
  const total = candidates.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return [['other', errors]];
  return candidates.map(([cause, n]) => [cause, (n / total) * errors]);
}

function bucketTitle(
  instance: string,
  b: Bucket,
  from: number,
  width: number,
  clock: (ms: number) => string,
): string {
  const statuses = Object.entries(b.byStatus)
    .sort((p, q) => q[1] - p[1])
    .map(([s, n]) => `${n} × ${s === 'none' ? 'no status' : s}`)
    .join(', ');
  const causes = (Object.entries(b.byCause) as [CauseId, number][])
    .sort((p, q) => q[1] - p[1])
    .map(([c, n]) => `${n} ${c}: ${CAUSES[c].title}`);
  return [`${instance}  ${clock(from)} – ${clock(from + width)}`, statuses, ...causes].join('\n');
}

function deployLabel(d: ReportDeployment): string {
  const what =
    d.source === 'inferred'
      ? 'inferred rolling wave'
      : d.source === 'lifecycle'
        ? 'nginx lifecycle'
        : 'deployment';
  return `${d.id} · ${what}${d.label ? ` · ${d.label}` : ''}`;
}

/** What the timeline writes above a window: the id of a real deployment, the start of anything else. */
function shortLabel(d: ReportDeployment, clock: (ms: number) => string): string {
  if (d.source === 'inferred') return `rolling wave ${clock(d.start)}`;
  if (d.source === 'lifecycle') return `nginx ${clock(d.start)}`;
  return d.label ? `${d.id} · ${d.label}` : d.id;
}

function deploymentTitle(d: ReportDeployment, timeZone: string): string {
  const end = d.endKnown ? formatDateTime(d.end, timeZone) : 'no end known';
  return `${deployLabel(d)}\n${formatDateTime(d.start, timeZone)} – ${end} (${timeZone})\n${d.instances.length} instance(s): ${d.instances.slice(0, 20).join(', ')}${d.instances.length > 20 ? ', …' : ''}\n${d.verdict.text}`;
}

/** The rows an alert concerns, and whether it named them (instances) or covers them all (a deployment). */
function alertRows(
  a: NumberedAlert,
  rowIndex: ReadonlyMap<string, number>,
  rowCount: number,
): { rows: number[]; named: boolean } {
  const names =
    a.scope.instances && a.scope.instances.length > 0
      ? a.scope.instances
      : a.scope.instance !== undefined
        ? [a.scope.instance]
        : [];
  const found = names.map((n) => rowIndex.get(n)).filter((i): i is number => i !== undefined);
  if (found.length > 0) return { rows: [...new Set(found)].sort((p, q) => p - q), named: true };
  const all = a.scope.fleet || a.scope.deployment !== undefined;
  return { rows: all ? [...Array(rowCount).keys()] : [], named: false };
}

/** Pins closer than a pin's width go to the next lane (three lanes, then they overlap). */
function placePins(
  alerts: readonly NumberedAlert[],
  xOf: (ms: number) => number,
): { alert: NumberedAlert; x: number; lane: number }[] {
  const laneEnds: number[] = [];
  return alerts.map((alert) => {
    const px = xOf(alert.decidedAt);
    let lane = laneEnds.findIndex((e) => px - e >= 24);
    if (lane === -1) lane = laneEnds.length < 3 ? laneEnds.length : 0;
    laneEnds[lane] = px;
    return { alert, x: px, lane };
  });
}

/** Deployment labels that would collide go to the next lane; past `MAX_DEPLOY_LANES` they are left out (the shading and its title stay). */
function placeLabels(
  deployments: readonly ReportDeployment[],
  x: (ms: number) => number,
  clock: (ms: number) => string,
): { lane: number; textX: number; text: string | undefined }[] {
  const laneEnds: number[] = [];
  return deployments.map((d) => {
    const text = shorten(shortLabel(d, clock), 48);
    const textWidth = text.length * LABEL_CHAR_PX + 8;
    const x0 = Math.min(PLOT_X1, Math.max(PLOT_X0, x(d.start)));
    // A label that would run past the plot is pulled left so it ends at the plot's edge.
    const textX = Math.max(PLOT_X0, Math.min(x0, PLOT_X1 - textWidth));
    const end = Math.max(Math.min(PLOT_X1, x(d.end)), textX + textWidth);
    let lane = laneEnds.findIndex((e) => Math.min(x0, textX) >= e);
    if (lane === -1 && laneEnds.length < MAX_DEPLOY_LANES) lane = laneEnds.length;
    if (lane === -1) return { lane: MAX_DEPLOY_LANES - 1, textX, text: undefined };
    laneEnds[lane] = end + 6;
    return { lane, textX, text };
  });
}

function contiguousBlocks(indices: number[]): [number, number][] {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const blocks: [number, number][] = [];
  for (const i of sorted) {
    const last = blocks.at(-1);
    if (last && i === last[1] + 1) last[1] = i;
    else blocks.push([i, i]);
  }
  return blocks;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
