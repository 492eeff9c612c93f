/**
 * The preview's static files: its stylesheet, the stylesheet of document bodies (inside their sandboxed frames),
 * and its one script (sizes body frames, and on the server reloads the page when the site was rebuilt).
 */

const FONTS =
  "system-ui, -apple-system, 'Segoe UI', 'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans KR', 'NanumGothic', 'Nanum Gothic', 'Hiragino Sans', 'Yu Gothic', 'Noto Sans JP', 'Noto Sans CJK KR', sans-serif";

const STYLE = `
:root { --ink: #1d2430; --muted: #5b6575; --line: #dde2ea; --accent: #1f5fbf; --bad: #c42b1c; --bad-bg: #fdecea;
  --warn: #8a5a00; --warn-bg: #fff4d6; --ok: #1e7b34; --bg: #f6f8fb; color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 ${FONTS}; color: var(--ink); background: var(--bg); }
:lang(ko) { word-break: keep-all; overflow-wrap: anywhere; }
:lang(ja) { line-break: strict; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, summary:focus-visible, iframe:focus-visible
  { outline: 3px solid #f0a500; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: .5rem; top: .5rem; }
header.top { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; padding: .75rem 1.25rem;
  background: #fff; border-bottom: 1px solid var(--line); }
header.top .brand { font-weight: 700; text-decoration: none; color: var(--ink); }
header.top nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
header.top nav.languages { margin-left: auto; }
[aria-current="page"], [aria-current="true"] { font-weight: 700; text-decoration: none; color: var(--ink); }
main { max-width: 60rem; margin: 0 auto; padding: 1.25rem; }
main:focus { outline: none; }
h1 { font-size: 1.6rem; line-height: 1.3; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; }
.crumbs { font-size: .9rem; color: var(--muted); }
.crumbs ol { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem; margin: 0; padding: 0; }
.crumbs li + li::before { content: "›"; margin-right: .25rem; }
.card > h2:first-child { margin-top: 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
ul.docs { list-style: none; padding: 0; margin: 0; }
ul.docs li { padding: .5rem 0; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .25rem .5rem;
  align-items: baseline; }
ul.docs li:last-child { border-bottom: 0; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.25rem; margin: .25rem 0; }
ul.tree { padding-left: 0; }
.badge { display: inline-block; font-size: .75rem; line-height: 1.4; padding: 0 .45rem; border-radius: 999px;
  border: 1px solid var(--line); background: #fff; color: var(--muted); white-space: nowrap; }
.badge.flag { border-color: #b9cdf0; color: var(--accent); }
.badge.state-shown { border-color: #a8d5b3; color: var(--ok); }
.badge.state-upcoming { border-color: #e8cf8e; color: var(--warn); }
.badge.state-ended { color: var(--muted); text-decoration: line-through; }
.badge.missing, .badge.hidden, .badge.stale { border-color: #f0b8b2; color: var(--bad); }
.badge.problem { background: var(--bad); border-color: var(--bad); color: #fff; }
.badge.plan-new { border-color: #a8d5b3; color: var(--ok); }
.badge.plan-changed, .badge.plan-moved { border-color: #b9cdf0; color: var(--accent); }
.badge.plan-to-be-deleted, .badge.plan-conflict { border-color: #f0b8b2; color: var(--bad); }
.badge.plan-drifted, .badge.plan-held { border-color: #e8cf8e; color: var(--warn); }
a.badge.compare { color: var(--accent); text-decoration: underline; }
.plan-banner { margin: 0 0 1rem; padding: .4rem .8rem; border-left: 4px solid var(--accent); background: #fff; font-size: .9rem; }
.compare { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1rem; }
.compare-title { font-weight: 600; margin: .25rem 0; }
pre.diff { background: #f6f8fb; padding: .6rem .75rem; overflow-x: auto; font-size: .85rem; line-height: 1.5; }
.diff-add { color: var(--ok); background: #eaf6ed; display: block; }
.diff-del { color: var(--bad); background: var(--bad-bg); display: block; }
.diff-same { color: var(--muted); display: block; }
.meta { color: var(--muted); font-size: .9rem; }
.note { background: var(--warn-bg); border-left: 4px solid var(--warn); padding: .6rem 1rem; margin: 1rem 0; }
.problems { background: var(--bad-bg); border-left: 4px solid var(--bad); padding: .6rem 1rem; margin: 1rem 0; }
.problems ul { margin: .25rem 0; padding-left: 1.25rem; }
.problems code, td code { font-size: .85rem; }
.broken { color: var(--bad); font-weight: 600; }
iframe.body-frame { display: block; width: 100%; min-height: 8rem; border: 1px solid var(--line); border-radius: 8px;
  background: #fff; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th { white-space: nowrap; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: .4rem .5rem; }
form.day { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
input, button { font: inherit; }
footer { max-width: 60rem; margin: 2rem auto; padding: 0 1.25rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 40rem) { header.top nav.languages { margin-left: 0; } main { padding: .75rem; } h1 { font-size: 1.35rem; } }
`;

const BODY_STYLE = `
body { margin: 0; padding: 1rem 1.25rem; font: 16px/1.7 ${FONTS}; color: #1d2430; overflow-wrap: anywhere; }
:lang(ko) { word-break: keep-all; }
img, video, iframe { max-width: 100%; height: auto; }
table { border-collapse: collapse; } th, td { border: 1px solid #dde2ea; padding: .3rem .5rem; }
pre { overflow-x: auto; background: #f6f8fb; padding: .75rem; }
[data-preview-broken] { outline: 2px solid #c42b1c; outline-offset: 2px; background: #fdecea; color: #c42b1c; }
a[data-preview-broken]::after { content: " ⚠ " attr(data-preview-broken); font-size: .8em; }
`;

/** The preview's script: no inline script exists, so the server's CSP can be `script-src 'self'`. */
const SCRIPT = `(() => {
  const fit = (frame) => {
    try {
      const doc = frame.contentDocument;
      if (doc && doc.documentElement) frame.style.height = doc.documentElement.scrollHeight + 2 + 'px';
    } catch (error) {}
  };
  const frames = () => document.querySelectorAll('iframe.body-frame');
  for (const frame of frames()) {
    frame.addEventListener('load', () => fit(frame));
    fit(frame);
  }
  addEventListener('resize', () => { for (const frame of frames()) fit(frame); });
  // A static copy's day picker: the same rule as period.ts displayState, over the badges' periods.
  const picker = document.querySelector('form[data-static-day] input[type=date]');
  if (picker) picker.addEventListener('change', () => {
    const day = picker.value.replaceAll('-', '');
    if (day.length !== 8) return;
    for (const badge of document.querySelectorAll('.badge[data-start]')) {
      const { start, end } = badge.dataset;
      const state = start && start > day + '235959' ? 'upcoming' : end && end < day + '000000' ? 'ended' : 'shown';
      badge.className = 'badge state-' + state;
      badge.textContent = state;
      badge.title = 'on ' + picker.value;
    }
  });
  const events = document.body.dataset.events;
  if (events && 'EventSource' in window) {
    const source = new EventSource(events);
    source.onmessage = (event) => { if (event.data !== document.body.dataset.version) location.reload(); };
  }
})();
`;

export const ASSET_FILES: Readonly<Record<string, { type: string; text: string }>> = {
  'style.css': { type: 'text/css; charset=utf-8', text: STYLE },
  'body.css': { type: 'text/css; charset=utf-8', text: BODY_STYLE },
  'preview.js': { type: 'text/javascript; charset=utf-8', text: SCRIPT },
};
