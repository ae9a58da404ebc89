/** The report's whole stylesheet: inline, no web fonts, readable on a laptop and on paper. */
export const REPORT_CSS = `
:root { --ink: #1b2430; --muted: #5b6573; --line: #dde3ea; --bg: #ffffff; --panel: #f6f8fb;
  --page: #c62828; --notice: #9a6700; --ok: #2e7d32; --digest: #2563a8; --notify: #b7791f; --resolved: #2e7d32; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Roboto, sans-serif; }
main { max-width: 1260px; margin: 0 auto; padding: 20px 24px 40px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 0 0 6px; }
.card > h3 { margin: 14px 0 6px; }
code, pre, .mono { font-family: "DejaVu Sans Mono", ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
.meta { color: var(--muted); margin: 0 0 12px; }
.meta span + span::before { content: " · "; }
.verdict { border-radius: 8px; padding: 12px 16px; margin: 12px 0; border-left: 6px solid; background: var(--panel); }
.verdict strong { font-size: 16px; display: block; }
.verdict p { margin: 4px 0 0; color: var(--muted); }
.tone-page { border-color: var(--page); background: #fdf0f0; }
.tone-notice { border-color: var(--notice); background: #fff8e6; }
.tone-ok { border-color: var(--ok); background: #eef8ef; }
.chips { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0 0; padding: 0; list-style: none; }
.chips li { background: var(--panel); border: 1px solid var(--line); border-radius: 999px; padding: 3px 12px; }
.chips b { font-variant-numeric: tabular-nums; }
.figure { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
.figure svg { display: block; width: 100%; height: auto; min-width: 900px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 10px 2px 0; padding: 0; list-style: none; font-size: 12.5px; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: 6px; }
.sw { display: inline-block; width: 14px; height: 14px; border-radius: 3px; flex: none; }
.sw-window { background: rgba(124,147,181,.28); border: 1px solid #7c93b5; }
.sw-inferred { background: repeating-linear-gradient(45deg, rgba(124,147,181,.5) 0 2px, rgba(124,147,181,.1) 2px 6px); border: 1px solid #7c93b5; }
.sw-other { background: #9aa3af; height: 4px; }
.sw-incident { background: #555; height: 3px; width: 18px; }
.pin { display: inline-block; width: 16px; height: 16px; border-radius: 50%; color: #fff; font-size: 10px; font-weight: 700; text-align: center; line-height: 16px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 14px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; background: #fff; break-inside: avoid; }
.card header { display: flex; align-items: baseline; gap: 8px; flex-wrap: wrap; margin-bottom: 6px; }
.card p { margin: 6px 0; }
.card ul, .card ol { margin: 6px 0; padding-left: 20px; }
.card li { margin: 2px 0; }
.tag { font-size: 11.5px; border-radius: 4px; padding: 1px 7px; background: var(--panel); border: 1px solid var(--line); color: var(--muted); white-space: nowrap; }
.tag-page { background: var(--page); border-color: var(--page); color: #fff; }
.tag-notify { background: var(--notify); border-color: var(--notify); color: #fff; }
.tag-digest { background: var(--digest); border-color: var(--digest); color: #fff; }
.tag-resolved { background: var(--resolved); border-color: var(--resolved); color: #fff; }
.swatch-title { display: flex; align-items: center; gap: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
.deployment table { width: auto; min-width: min(100%, 560px); }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin: 8px 0 0;
  white-space: pre-wrap; overflow-wrap: anywhere; max-height: 520px; overflow: auto; }
.subject { font-weight: 600; overflow-wrap: anywhere; }
.samples code { display: block; white-space: pre-wrap; overflow-wrap: anywhere; background: var(--panel); border-radius: 4px; padding: 4px 8px; margin: 4px 0; }
.commands code { display: block; white-space: pre-wrap; overflow-wrap: anywhere; background: #1f2733; color: #e8edf3; border-radius: 4px; padding: 4px 8px; margin: 4px 0; }
.muted { color: var(--muted); }
details.folded { margin: 8px 0; border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; background: var(--panel); }
details.folded summary { cursor: pointer; color: var(--muted); font-weight: 600; }
details.folded[open] table { margin-top: 6px; background: #fff; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .figure { overflow: visible; border: none; }
  .figure svg { min-width: 0; }
  pre { max-height: none; overflow: visible; }
  h2 { break-after: avoid; }
  .card, tr, .verdict { break-inside: avoid; }
  .verdict, .tag, .sw, .pin, .commands code { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
