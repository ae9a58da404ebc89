import { CAUSES } from '../catalogue/index.ts';
import type { CauseId } from '../model/index.ts';
import type { Bucket } from './binEvents.ts';
import { escapeHtml, escapeHtmlLine } from './escapeHtml.ts';
import type { DeploymentCard, NumberedAlert, ReportModel } from './ReportModel.ts';
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

export const KIND_COLORS: Readonly<Record<string, string>> = {
  page: '#c62828',
  notify: '#b7791f',
  digest: '#2563a8',
  resolved: '#2e7d32',
};

/** The colour of an alert kind (grey for a kind without its own). */
export function kindColor(kind: string): string {
  return KIND_COLORS[kind] ?? '#555555';
}

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

  // Lanes above the rows: alert pins (one lane: pins that fire together share one marker), then deployment labels.
  const pins = clusterPins(model.alerts, (ms) => clampX(x(ms)));
  const pinLaneCount = 1;
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
  const folded = model.folded;
  const foldedIndex = folded === undefined ? undefined : rowIndex.get(folded.key);
  if (folded !== undefined && foldedIndex !== undefined) {
    rowIndex.delete(folded.key);
    for (const i of folded.instances) rowIndex.set(i.instance, foldedIndex);
  }
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
    const isFolded = i === foldedIndex && folded !== undefined;
    const label = isFolded ? `${folded.instances.length} instances` : shorten(row.instance, 24);
    const full = isFolded
      ? `${folded.instances.length} instances: no upstream errors (listed under Instances)`
      : row.instance;
    out.push(
      isFolded
        ? '<g class="row folded">'
        : `<g class="row" data-instance="${escapeHtmlLine(row.instance, 300)}">`,
      `<rect class="row-bg" x="0" y="${top}" width="${W}" height="${ROW_H}" fill="${isFolded ? '#eef1f5' : i % 2 === 0 ? '#f6f8fb' : '#ffffff'}"/>`,
      `<text class="row-label" x="${LABEL_X}" y="${top + 19}" font-size="13" font-family="'DejaVu Sans Mono', ui-monospace, Menlo, Consolas, monospace" fill="#1b2430">${escapeHtmlLine(label)}<title>${escapeHtmlLine(full, 300)}</title></text>`,
      `<text x="${LABEL_X}" y="${top + 35}" font-size="11" fill="#5b6573">${escapeHtmlLine(isFolded ? `no upstream errors · ${others} other` : sub.join(' · '))}</text>`,
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
    const shownEnd = d.end ?? Math.min(d.cappedEnd, model.lastEvent ?? d.cappedEnd);
    const x1 = Math.max(x0 + 2, clampX(x(shownEnd)));
    const fill = d.source === 'inferred' ? 'url(#hatch)' : d.source === 'lifecycle' ? 'none' : '#7c93b5';
    const opacity = d.source === 'marker' ? ' fill-opacity="0.20"' : '';
    const stroke = d.source === 'lifecycle' ? ' stroke="#6b7280" stroke-dasharray="3 3"' : '';
    const title = `<title>${escapeHtmlLine(deploymentTitle(d, timeZone))}</title>`;
    for (const [a, b] of contiguousBlocks(
      d.covered.map((i) => rowIndex.get(i)).filter((i): i is number => i !== undefined),
    )) {
      out.push(
        `<rect class="deploy-window" data-deployment="${escapeHtmlLine(d.id, 300)}" data-source="${d.source}" x="${x0.toFixed(1)}" y="${rowTop(a)}" width="${(x1 - x0).toFixed(1)}" height="${(b - a + 1) * ROW_H}" fill="${fill}"${opacity}${stroke}>${title}</rect>`,
      );
    }
    const placed = deployLanes[k];
    const lane = placed?.lane ?? 0;
    const ly = deployY0 + lane * DEPLOY_LANE_H;
    const color =
      d.verdict.tone === 'page' ? kindColor('page') : d.verdict.tone === 'notice' ? '#8a5a00' : '#2f5b8f';
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
        bucketTitle(
          i === foldedIndex ? 'instances without upstream errors' : row.instance,
          b,
          timeline.start + b.index * timeline.bucketMs,
          timeline.bucketMs,
          clock,
        ),
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
    if (i === undefined || i === foldedIndex) continue;
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
  // Alerts decided within a pin's width of each other share one marker listing them all.
  for (const pin of pins) {
    const a = pin.alerts[0]!;
    const worst = pin.alerts.find((p) => p.kind === 'page') ?? a;
    const color = kindColor(worst.kind);
    const cy = pinsY0 + 11;
    const scope = pin.alerts
      .map((p) => alertRows(p, rowIndex, rows.length))
      .reduce((all, r) => ({ rows: [...new Set([...all.rows, ...r.rows])], named: all.named || r.named }), {
        rows: [] as number[],
        named: false,
      });
    const title = escapeHtml(
      pin.alerts
        .map((p) => {
          const inRange = p.decidedAt >= start && p.decidedAt <= end;
          return `#${p.number} ${p.kind.toUpperCase()}${p.suppressed ? ' (held back: cooldown)' : ''} decided ${formatDateTime(p.decidedAt, timeZone)}${inRange ? '' : ' (after the last event)'}\n${p.subject}`;
        })
        .join('\n\n'),
    );
    const inRange = pin.alerts.every((p) => p.decidedAt >= start && p.decidedAt <= end);
    const suppressed = pin.alerts.every((p) => p.suppressed);
    const lineTop = cy + 10;
    const lineBottom = scope.rows.length > 0 ? rowTop(Math.max(...scope.rows)) + ROW_H : rowsY1;
    const half = pin.width / 2;
    out.push(
      `<g class="alert-pin" data-kind="${worst.kind}" data-number="${pin.alerts.map((p) => p.number).join(' ')}"><title>${title}</title>`,
      `<line x1="${pin.x.toFixed(1)}" y1="${lineTop}" x2="${pin.x.toFixed(1)}" y2="${lineBottom}" stroke="${color}" stroke-width="1.2" stroke-dasharray="4 3" stroke-opacity="0.8"/>`,
      // A marker on each row the alert names; a deployment or fleet alert just crosses them all.
      ...(scope.named ? scope.rows : []).map(
        (r) => `<path d="M${(pin.x - 5).toFixed(1)} ${rowTop(r) + 1} h10 l-5 6 z" fill="${color}"/>`,
      ),
      `<rect x="${(pin.x - half).toFixed(1)}" y="${cy - 10}" width="${pin.width}" height="20" rx="10" fill="${suppressed ? '#ffffff' : color}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${pin.x.toFixed(1)}" y="${cy + 4}" font-size="11" font-weight="700" text-anchor="middle" fill="${suppressed ? color : '#ffffff'}">${escapeHtmlLine(pin.label)}</text>`,
      inRange
        ? ''
        : `<text x="${(pin.x + half + 3).toFixed(1)}" y="${cy + 4}" font-size="11" fill="${color}">›</text>`,
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

function deployLabel(d: DeploymentCard): string {
  const what =
    d.source === 'inferred'
      ? 'inferred rolling wave'
      : d.source === 'lifecycle'
        ? 'nginx lifecycle'
        : 'deployment';
  return `${d.id} · ${what}${d.label ? ` · ${d.label}` : ''}`;
}

/** What the timeline writes above a window: the id of a real deployment, the start of anything else. */
function shortLabel(d: DeploymentCard, clock: (ms: number) => string): string {
  if (d.source === 'inferred') return `rolling wave ${clock(d.start)}`;
  if (d.source === 'lifecycle') return `nginx ${clock(d.start)}`;
  return d.label ? `${d.id} · ${d.label}` : d.id;
}

function deploymentTitle(d: DeploymentCard, timeZone: string): string {
  const end = d.end === null ? 'no end known' : formatDateTime(d.end, timeZone);
  return `${deployLabel(d)}\n${formatDateTime(d.start, timeZone)} – ${end} (${timeZone})\n${d.covered.length} instance(s): ${d.covered.slice(0, 20).join(', ')}${d.covered.length > 20 ? ', …' : ''}\n${d.verdict.word}: ${d.verdict.text}`;
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

/** Width of a pin's pill: a circle for one number, wider for a range. */
function pinWidth(label: string): number {
  return Math.max(20, label.length * 7 + 8);
}

/** The label of a pin standing for several alerts: `3–5` for consecutive numbers, else `3+2`. */
function pinLabel(numbers: readonly number[]): string {
  const first = numbers[0] ?? 0;
  const last = numbers.at(-1) ?? first;
  if (numbers.length === 1) return String(first);
  return last - first === numbers.length - 1 ? `${first}–${last}` : `${first}+${numbers.length - 1}`;
}

/**
 * Alerts to pins on one lane: an alert whose pin would touch the previous pin joins it (alerts that
 * fire together: a fleet page and its digest, a page per instance of a zone), so no two pins overlap
 * however many alerts fire at once. Alerts come sorted by decision time, hence by x.
 */
export function clusterPins(
  alerts: readonly NumberedAlert[],
  xOf: (ms: number) => number,
): { alerts: NumberedAlert[]; x: number; width: number; label: string }[] {
  const pins: { alerts: NumberedAlert[]; x: number; width: number; label: string }[] = [];
  for (const alert of alerts) {
    const px = xOf(alert.decidedAt);
    const last = pins.at(-1);
    if (last && px - 4 < last.x + last.width / 2 + pinWidth(String(alert.number)) / 2) {
      last.alerts.push(alert);
      last.label = pinLabel(last.alerts.map((a) => a.number));
      last.width = pinWidth(last.label);
      continue;
    }
    const label = String(alert.number);
    pins.push({ alerts: [alert], x: px, width: pinWidth(label), label });
  }
  // A pin that grew may now reach its right neighbour: merge until none touch.
  for (let k = 1; k < pins.length; ) {
    const a = pins[k - 1]!;
    const b = pins[k]!;
    if (b.x - b.width / 2 < a.x + a.width / 2 + 4) {
      a.alerts.push(...b.alerts);
      a.label = pinLabel(a.alerts.map((p) => p.number));
      a.width = pinWidth(a.label);
      pins.splice(k, 1);
      k = Math.max(1, k - 1);
    } else k++;
  }
  return pins;
}

/** Deployment labels that would collide go to the next lane; past `MAX_DEPLOY_LANES` they are left out (the shading and its title stay). */
function placeLabels(
  deployments: readonly DeploymentCard[],
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
    const end = Math.max(Math.min(PLOT_X1, x(d.cappedEnd)), textX + textWidth);
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
