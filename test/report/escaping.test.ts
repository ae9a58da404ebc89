import { describe, expect, it } from 'vitest';
import { buildReportModel } from '#shared/report/buildReportModel.ts';
import { escapeHtml, escapeHtmlLine } from '#shared/report/escapeHtml.ts';
import type { ReportInput } from '#shared/report/ReportModel.ts';
import { renderHtmlReport } from '#shared/report/renderHtmlReport.ts';
import { analysisOf, deployWindow, incident } from './support.ts';

const HOSTILE = {
  script: '<script>alert(1)</script>',
  attribute: '"><img src=x onerror=alert(1)>',
  single: "'><svg onload=alert(1)>",
  title: '</title><script>alert(2)</script>',
  style: '</style><style>body{display:none}</style>',
  comment: '--><!--',
  controls: 'a\u0000b\u0007c\u001b[31mred\u009bd\u202eevil\u2066e\ufefff',
  entity: '&lt;b&gt;already &amp; escaped',
  surrogate: 'x\ud800y',
} as const;
const LONG = `${'A'.repeat(100_000)}<script>alert(3)</script>`;

describe('escapeHtml', () => {
  it.each([
    ['markup', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['attribute break-out', '"><img src=x onerror=alert(1)>', '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'],
    ['single quotes', "it's", 'it&#39;s'],
    ['entities are shown, not decoded', '&lt;b&gt;', '&amp;lt;b&amp;gt;'],
    ['C0, DEL and C1 controls become visible', 'a\u0000b\u001bc\u007fd\u0085', 'a\\x00b\\x1bc\\x7fd\\x85'],
    ['bidi overrides and isolates become visible', 'a\u202eb\u2066c', 'a\\u202eb\\u2066c'],
    ['lone surrogates become U+FFFD', 'x\ud800y\udc00', 'x\ufffdy\ufffd'],
    ['a surrogate pair stays', 'x\ud83d\ude00y', 'x\ud83d\ude00y'],
    ['newlines and tabs stay (pre blocks)', 'a\nb\tc', 'a\nb\tc'],
    ['carriage returns become visible', 'a\rb', 'a\\x0db'],
  ])('%s', (_name, input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  it('cuts long text with a marker, never inside a surrogate pair', () => {
    expect(escapeHtml('abcdef', 4)).toBe('abc…');
    expect(escapeHtml('ab\ud83d\ude00cd', 4)).toBe('ab…');
    expect(escapeHtml(LONG).length).toBeLessThan(4100);
    expect(escapeHtml(LONG)).not.toContain('<');
  });

  it('escapeHtmlLine folds line breaks into spaces', () => {
    expect(escapeHtmlLine('a\r\nb\tc<')).toBe('a b c&lt;');
  });
});

/** Tags and attributes the report may contain; anything else means log text escaped into markup. */
const TAGS = new Set(
  'html head meta title style body main header h1 h2 h3 p span div section ul ol li b strong code pre table thead tbody tfoot tr th td article footer svg defs pattern rect line text g path circle details summary'.split(
    ' ',
  ),
);
const ATTRIBUTES = new Set(
  'lang charset http-equiv content name class id role style xmlns viewBox width height aria-label font-family font-size font-weight fill fill-opacity stroke stroke-width stroke-dasharray stroke-opacity x y x1 x2 y1 y2 cx cy r rx d text-anchor patternUnits patternTransform colspan data-instance data-deployment data-source data-kind data-number data-count data-cause data-verdict data-incident'.split(
    ' ',
  ),
);
const TAG = /^<\/?([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][-a-zA-Z0-9:]*(?:="[^"<]*")?)*)\s*\/?>$/;
const ATTRIBUTE = /\s+([a-zA-Z][-a-zA-Z0-9:]*)(?:="[^"<]*")?/g;

/** Every markup token of the document: fails on anything that is not an allowed tag with allowed attributes. */
function checkMarkup(html: string): string[] {
  const problems: string[] = [];
  const body = html.replace(/^<!doctype html>\n/, '');
  for (const token of body.match(/<[^>]*>?/g) ?? []) {
    const m = TAG.exec(token);
    if (!m) {
      problems.push(`not a well-formed tag: ${token.slice(0, 80)}`);
      continue;
    }
    if (!TAGS.has(m[1] ?? '')) problems.push(`tag <${m[1]}>`);
    for (const a of (m[2] ?? '').matchAll(ATTRIBUTE)) {
      if (!ATTRIBUTES.has(a[1] ?? '')) problems.push(`attribute ${a[1]} in ${token.slice(0, 80)}`);
    }
  }
  return problems;
}

function hostileInput(): ReportInput {
  const t0 = Date.UTC(2026, 10, 22, 2, 15, 31);
  const names = Object.values(HOSTILE);
  const instances = names.map((n, i) => `i-${i}${n}`);
  const windows = [
    deployWindow({
      id: `d-${HOSTILE.attribute}`,
      source: 'marker',
      start: t0,
      end: t0 + 5000,
      instances: instances.slice(0, 3),
      label: HOSTILE.script,
    }),
    deployWindow({ id: `inferred-${HOSTILE.single}`, source: 'inferred', start: t0 + 2000, end: t0 + 9000 }),
    deployWindow({ id: `nginx-${HOSTILE.title}`, source: 'lifecycle', start: t0 + 1000 }),
    deployWindow({ id: LONG, source: 'marker', start: t0 + 3000, end: t0 + 4000, label: LONG }),
  ];
  const incidents = instances.map((instance, i) =>
    incident({
      id: `inc-${i}${names[i]}`,
      instance,
      cause: 'upstream_refused',
      firstSeen: t0 + i * 1000,
      lastSeen: t0 + i * 1000 + 2000,
      count: 3,
      statusCounts: { '502': 3 },
      samples: [
        `[error] connect() failed, request: "GET /${names[i]} HTTP/1.1", host: "${HOSTILE.controls}"`,
        LONG,
      ],
      deployment: HOSTILE.style,
    }),
  );
  return {
    analysis: analysisOf({
      instances: [...instances, LONG],
      incidents,
      windows,
      pages: [
        {
          deployment: `d-${HOSTILE.attribute}`,
          subject: `${HOSTILE.script} ${HOSTILE.attribute}`,
          decidedAt: t0 + 4000,
        },
      ],
      digests: {
        [`inferred-${HOSTILE.single}`]: {
          zeroDowntime: false,
          total502: 3,
          total504: 1,
          failing: [HOSTILE.title],
        },
      },
      held: [
        { key: `notify#${HOSTILE.comment}`, kind: 'notify', subject: HOSTILE.comment, reason: 'cooldown' },
      ],
    }),
    title: `report ${HOSTILE.title}`,
    timeZone: 'Europe/Paris',
    sources: [...instances.map((i) => `/logs/${i}.log`), `/logs/${LONG}.log`],
    events: [...instances, LONG].flatMap((instance, i) => [
      { instance, timestamp: t0 + i * 1000, cause: 'upstream_refused' as const, status: 502, count: 3 },
      { instance, timestamp: t0 + i * 1000, cause: 'client_closed' as const, status: null },
      { instance, timestamp: t0 + i * 1000 + 500, cause: 'upstream_timeout' as const, status: 504 },
    ]),
    alerts: [
      {
        kind: 'page',
        severity: 'critical',
        cause: 'upstream_refused',
        scope: {
          logGroup: HOSTILE.title,
          instance: instances[0] ?? '',
          deployment: `d-${HOSTILE.attribute}`,
        },
        subject: `PAGE: ${HOSTILE.script} ${HOSTILE.attribute}`,
        body: `${names.join('\n')}\n${LONG}`,
        decidedAt: t0 + 4000,
      },
      {
        kind: 'digest',
        severity: 'low',
        cause: null,
        scope: { logGroup: 'nginx', instances, fleet: true },
        subject: HOSTILE.title,
        body: HOSTILE.controls,
        decidedAt: t0 + 60_000,
      },
    ],
    suppressed: [
      {
        kind: 'notify',
        severity: 'medium',
        cause: 'fastcgi_stderr',
        scope: { logGroup: 'nginx' },
        subject: HOSTILE.comment,
        body: HOSTILE.entity,
        decidedAt: t0 + 1,
      },
    ],
    samples: {
      upstream_refused: [`request: "GET /${HOSTILE.script} HTTP/1.1"`],
      client_closed: [HOSTILE.attribute, LONG],
    },
    settings: { graceMs: 90_000, burstGapMs: 30_000 },
  };
}

describe('renderHtmlReport with hostile log text everywhere', () => {
  const html = renderHtmlReport(buildReportModel(hostileInput()));

  it('emits only its own tags and attributes: no log text becomes markup', () => {
    expect(checkMarkup(html)).toEqual([]);
    expect(html).not.toMatch(/<script|<img|<svg onload|<iframe|<link|<object|<embed/i);
  });

  it('shows hostile strings as text, escaped, in text and attributes', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&#39;&gt;&lt;svg onload=alert(1)&gt;');
    expect(html).toContain('&amp;lt;b&amp;gt;already &amp;amp; escaped');
    // In SVG titles and in data-* attributes too.
    expect(html).toMatch(/<title>[^<]*&lt;\/title&gt;&lt;script&gt;alert\(2\)/);
    expect(html).toMatch(/data-instance="i-1&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;"/);
    expect(html).toMatch(/data-deployment="d-&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;"/);
  });

  it('closes every <title> it opens, and no title holds markup', () => {
    const opened = html.match(/<title>/g)?.length ?? 0;
    expect(opened).toBeGreaterThan(10);
    expect(html.match(/<\/title>/g)?.length).toBe(opened);
    for (const m of html.matchAll(/<title>([\s\S]*?)<\/title>/g)) expect(m[1]).not.toContain('<');
  });

  it('has one style element: the report stylesheet, untouched by log text', () => {
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.match(/<\/style>/g)).toHaveLength(1);
  });

  it('leaves no control, bidi or lone-surrogate character in the document', () => {
    expect(html).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/);
    expect(html).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(html).toContain('a\\x00b\\x07c\\x1b[31mred\\x9bd\\u202eevil\\u2066e\\ufefff');
  });

  it('clips very long strings, so the file stays small', () => {
    const outsidePre = html.replace(/<pre>[\s\S]*?<\/pre>/g, '');
    expect(outsidePre).not.toContain('A'.repeat(4001));
    expect(outsidePre).toContain('A'.repeat(100));
    // An alert body is shown whole up to 50 000 characters (the engine keeps bodies far below that).
    expect(html).not.toContain('A'.repeat(50_001));
    expect(html).toContain('…');
    expect(html.length).toBeLessThan(400_000);
  });

  it('declares a CSP that forbids every script, font, frame and fetch', () => {
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    const names = new Set<string>();
    for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) {
      for (const a of (TAG.exec(tag)?.[2] ?? '').matchAll(ATTRIBUTE)) names.add(a[1] ?? '');
    }
    expect(names.size).toBeGreaterThan(10);
    expect(
      [...names].filter((n) => /^(?:src|href|action|formaction|xlink:href|srcset|on.*)$/i.test(n)),
    ).toEqual([]);
  });
});
