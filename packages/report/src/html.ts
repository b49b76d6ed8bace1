// report.html: one self-contained page. Vega's browser build is inlined and the specs are embedded as JSON, so the
// page draws its interactive charts offline, from a file: no CDN, no other file needed (figures/ and tables/ are
// only linked for download).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { num, type ClaimResult, type StatisticRow } from './claims/common.js';
import { formatP, VERDICT_DEFAULTS, VERDICT_THRESHOLDS, type Comparison } from './claims/verdicts.js';
import { conditionVerdictText, splitSizesText, suitesText, type ReportFigure, type ReportModel, type ReportTable } from './report-model.js';

// ------------------------------------------------------------------------------------------------ escaping

// Text into HTML safely: element content and attributes escaped, JSON made safe inside <script>.

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/**
 * JSON for a <script type="application/json"> block: '<' written as \u003c so no '</script>' or '<!--' in the
 * data can end the block early; U+2028/2029 escaped for older parsers.
 */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c').replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
}

/** A script's source inlined in <script>: any '</script' inside it would end the element. */
function scriptForInline(source: string): string {
  return source.replaceAll(/<\/script/gi, '<\\/script');
}

/** An id or file stem safe in HTML ids, CSS selectors and file names. */
export function slug(text: string): string {
  return text.toLowerCase().replaceAll(/[^a-z0-9.]+/g, '-').replaceAll(/^-+|-+$/g, '') || 'x';
}

// ------------------------------------------------------------------------------------------------ Vega in the page

// Vega's browser build (vega.min.js, UMD: defines window.vega), to inline in report.html. The package's exports
// do not list it, so it is found beside the module build that `vega` resolves to.

function vegaBrowserBuildPath(): string {
  const moduleBuild = createRequire(import.meta.url).resolve('vega');
  const file = join(dirname(moduleBuild), 'vega.min.js');
  if (!existsSync(file)) throw new Error(`${file} not found: the vega package is incomplete (npm install vega@6.4.0)`);
  return file;
}

export async function readVegaBrowserBuild(): Promise<string> {
  return readFile(vegaBrowserBuildPath(), 'utf8');
}

// The page's own script: draws every chart with the inlined Vega (already compiled from Vega-Lite in Node) and
// shows tooltips in a small box. It marks each chart container data-rendered="true" or data-error="...", which is
// what the browser test reads. Plain ES2017 in a string: it runs in the page, not in Node.

const REPORT_PAGE_SCRIPT = `
(function () {
  'use strict';
  var tip = document.getElementById('tooltip');
  function showTooltip(handler, event, item, value) {
    if (value === null || value === undefined || value === '') { tip.hidden = true; return; }
    var entries = typeof value === 'object' ? Object.keys(value).map(function (k) { return [k, value[k]]; }) : [['', value]];
    tip.textContent = '';
    entries.forEach(function (entry) {
      var line = document.createElement('div');
      line.textContent = entry[0] ? entry[0] + ': ' + entry[1] : String(entry[1]);
      tip.appendChild(line);
    });
    tip.hidden = false;
    var x = event.clientX + 14, y = event.clientY + 14;
    var box = tip.getBoundingClientRect();
    if (x + box.width > window.innerWidth) x = event.clientX - box.width - 8;
    if (y + box.height > window.innerHeight) y = event.clientY - box.height - 8;
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }
  var charts = document.querySelectorAll('.chart[data-figure]');
  Array.prototype.forEach.call(charts, function (container) {
    var name = container.getAttribute('data-figure');
    try {
      var spec = JSON.parse(document.getElementById('spec-' + name).textContent);
      var view = new vega.View(vega.parse(spec), { renderer: 'svg', container: container, hover: true });
      view.tooltip(showTooltip);
      view.runAsync().then(function () {
        container.setAttribute('data-rendered', 'true');
      }, function (error) {
        container.setAttribute('data-error', String(error && error.message || error));
        console.error('chart ' + name + ': ' + (error && error.message || error));
      });
    } catch (error) {
      container.setAttribute('data-error', String(error && error.message || error));
      console.error('chart ' + name + ': ' + (error && error.message || error));
    }
  });
})();
`;

// ------------------------------------------------------------------------------------------------ the page

/** Rows of a table drawn in the page; the CSV and Parquet files always hold every row. */
const HTML_TABLE_ROW_LIMIT = 2000;

/** Tables this short are shown open; longer ones start folded so the page stays readable. */
const OPEN_TABLE_ROWS = 30;

const STYLE = `
body { font-family: 'DejaVu Sans', Verdana, sans-serif; color: #222; margin: 0; background: #fafafa; }
main { max-width: 1180px; margin: 0 auto; padding: 16px 28px 48px; background: white; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 2em; }
h3 { margin-bottom: 0.3em; } .muted { color: #666; } code { background: #f3f3f3; padding: 0 3px; }
nav ul { columns: 2; } table { border-collapse: collapse; font-size: 0.85em; margin: 6px 0 12px; }
th, td { border: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: top; } th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.claim { border-left: 4px solid #ccc; padding: 2px 12px; margin: 14px 0; }
.verdict { font-weight: bold; } .supported, .positive, .better { color: #1a7f37; } .not-supported, .negative, .worse { color: #b42318; }
.partly-supported, .null, .undetermined, .not-assessed, .not-enough-seeds { color: #9a6700; }
.chart { margin: 8px 0; overflow-x: auto; min-height: 60px; } figure { margin: 18px 0 28px; }
figcaption { color: #444; font-size: 0.9em; max-width: 900px; }
details > summary { cursor: pointer; font-weight: bold; margin: 6px 0; }
/* Wide tables (many columns) scroll inside their section instead of widening the page. */
details { max-width: 100%; overflow-x: auto; }
#tooltip { position: fixed; z-index: 10; background: rgba(255,255,255,0.96); border: 1px solid #999; padding: 4px 8px;
  font-size: 12px; pointer-events: none; box-shadow: 0 1px 4px rgba(0,0,0,0.2); }
`;

function cssClass(verdict: string): string {
  return verdict.replaceAll(/[^a-z]+/gi, '-').toLowerCase();
}

function statisticsTable(rows: readonly StatisticRow[], level: string): string {
  const head = `<tr><th>statistic</th><th>n</th><th>estimate</th><th>${level} t-interval</th><th>${level} BCa bootstrap</th></tr>`;
  const body = rows
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.statistic)}</td><td class="num">${s.n}</td><td class="num">${num(s.estimate)}</td>` +
        `<td class="num">${s.tLow === null ? 'n/a' : `[${num(s.tLow)}, ${num(s.tHigh)}]`}</td>` +
        `<td class="num">${s.bootstrapLow === null ? 'n/a' : `[${num(s.bootstrapLow)}, ${num(s.bootstrapHigh)}]`}</td></tr>`,
    )
    .join('');
  return `<table>${head}${body}</table>`;
}

function testsTable(comparisons: readonly Comparison[], alpha: number): string {
  if (comparisons.length === 0) return '';
  const head = `<tr><th>test (H1)</th><th>n</th><th>mean</th><th>p</th><th>Holm p</th><th>family</th><th>at α = ${alpha}</th></tr>`;
  const p = (x: number | null) => (x === null ? 'n/a' : formatP(x));
  const body = comparisons
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.hypothesis)}</td><td class="num">${c.n}</td><td class="num">${num(c.estimate)}</td>` +
        `<td class="num">${p(c.pValue)}</td><td class="num">${p(c.holmPValue)}</td><td class="num">${c.familySize}</td>` +
        `<td>${c.pValue === null ? 'not tested' : c.significant ? 'significant' : 'not significant'}</td></tr>`,
    )
    .join('');
  return `<table>${head}${body}</table>`;
}

function claimSection(claim: ClaimResult, level: string, alpha: number): string {
  const findings =
    claim.findings.length === 0
      ? `<p class="verdict not-assessed">Not assessed: ${escapeHtml(claim.notAssessed ?? 'no data')}</p>`
      : claim.findings
          .map(
            (f) =>
              `<div class="finding"><p><strong>${escapeHtml(f.condition)}</strong> — ${escapeHtml(f.text)} ` +
              `<span class="verdict ${cssClass(f.assessment ?? f.verdict)}">${escapeHtml(f.verdict)}${f.assessment ? ` (${f.assessment})` : ''}</span></p>` +
              `<details><summary>tests and statistics</summary>${testsTable(f.comparisons, alpha)}${statisticsTable(f.statistics, level)}</details></div>`,
          )
          .join('\n');
  const verdicts =
    claim.verdicts.length === 0
      ? ''
      : `<p>Verdict of ${claim.id} per condition:</p><ul class="claim-verdicts">` +
        claim.verdicts
          .map((v) => `<li><strong>${escapeHtml(v.condition)}</strong>: <span class="verdict ${cssClass(v.verdict)}">${escapeHtml(conditionVerdictText(v))}</span></li>`)
          .join('') +
        '</ul>';
  return (
    `<div class="claim" id="claim-${claim.id}"><h3>${claim.id}: ${escapeHtml(claim.statement)}</h3>` +
    `<p class="muted">Rule: ${escapeHtml(claim.rule)}</p>${findings}${verdicts}</div>`
  );
}

function thresholdsTable(model: ReportModel): string {
  const rows = VERDICT_THRESHOLDS.map(
    (t) =>
      `<tr><td><code>${t.name}</code></td><td><code>${escapeHtml(t.flag)}</code></td><td class="num">${model.thresholds[t.name]}</td>` +
      `<td class="num">${VERDICT_DEFAULTS[t.name]}</td><td>${t.claim}</td><td>${escapeHtml(t.description)}</td></tr>`,
  ).join('');
  return (
    '<p>Every verdict is decided with these (report options; <code>clusterlens report</code> flags). Each comparison is a t-test across seeds; ' +
    "a claim's comparisons for one condition are Holm-corrected together at α. Bootstrap (BCa) intervals are shown but never decide.</p>" +
    `<table id="verdict-thresholds"><tr><th>threshold</th><th>flag</th><th>value</th><th>default</th><th>claim</th><th>meaning</th></tr>${rows}</table>`
  );
}

function figureBlock(f: ReportFigure): string {
  const name = f.figure.name;
  return (
    `<figure id="figure-${name}">` +
    `<div class="chart" data-figure="${name}" aria-label="${escapeHtml(f.figure.title)}"></div>` +
    `<figcaption>${escapeHtml(f.figure.caption)} Static: <a href="${f.png}">PNG</a>, <a href="${f.svg}">SVG</a>.</figcaption>` +
    `<script type="application/json" id="spec-${name}">${jsonForScript(f.vega)}</script></figure>`
  );
}

function cellHtml(cell: string | number | null, type: string): string {
  if (cell === null) return '<td></td>';
  if (type === 'double') return `<td class="num" title="${cell}">${num(cell as number, 4)}</td>`;
  if (type === 'integer') return `<td class="num">${cell}</td>`;
  return `<td>${escapeHtml(String(cell))}</td>`;
}

function tableBlock({ table, csv, parquet }: ReportTable): string {
  const shown = table.rows.slice(0, HTML_TABLE_ROW_LIMIT);
  const head = `<tr>${table.columns.map((c) => `<th${c.description ? ` title="${escapeHtml(c.description)}"` : ''}>${escapeHtml(c.name)}</th>`).join('')}</tr>`;
  const body = shown.map((row) => `<tr>${row.map((cell, i) => cellHtml(cell, table.columns[i].type)).join('')}</tr>`).join('\n');
  const more = table.rows.length > shown.length ? `<p class="muted">First ${shown.length} of ${table.rows.length} rows; the files hold all.</p>` : '';
  return (
    `<details id="table-${table.name}"${table.rows.length <= OPEN_TABLE_ROWS ? ' open' : ''}><summary>${escapeHtml(table.title)} (${table.rows.length} rows)</summary>` +
    `<p>${escapeHtml(table.description)} Files: <a href="${csv}">CSV</a>, <a href="${parquet}">Parquet</a>.</p>` +
    `<table>${head}${body}</table>${more}</details>`
  );
}

function descriptionSection(model: ReportModel): string {
  const d = model.description;
  const conditions = d.conditions
    .map((c) => `<tr><td>${escapeHtml(c.condition)}</td><td>${escapeHtml(c.intervention)}</td><td class="num">${c.trials}</td><td class="num">${c.seeds}</td></tr>`)
    .join('');
  const differences = [...new Set(d.differences.map((x) => x.path))]
    .map((path) => {
      const values = d.differences.filter((x) => x.path === path).map((x) => `${escapeHtml(x.condition)}: <code>${escapeHtml(x.values.join(' | '))}</code>`);
      return `<li><code>${escapeHtml(path)}</code> — ${values.join('; ')}</li>`;
    })
    .join('');
  const failed = d.failed.length
    ? `<p>Failed trials (left out):</p><ul>${d.failed.map((f) => `<li>${escapeHtml(f.label)}: ${escapeHtml(f.error)}</li>`).join('')}</ul>`
    : '';
  const warning = d.warnings.map((w) => `<p class="verdict partly-supported">Note: ${escapeHtml(w)}</p>`).join('');
  return (
    `<p>${escapeHtml(model.summaryLine)}</p>` +
    `<p>${escapeHtml(suitesText(d))} ${escapeHtml(splitSizesText(d))}</p>` +
    `<table><tr><th>condition</th><th>intervention</th><th>finished trials</th><th>seeds</th></tr>${conditions}</table>` +
    `<p>Baseline for comparisons: <strong>${escapeHtml(model.baseline)}</strong>. Metrics: ${d.metrics.map(escapeHtml).join(', ')}.</p>` +
    (differences ? `<p>How the conditions' configs differ:</p><ul>${differences}</ul>` : '<p>All finished trials share one config apart from the seed.</p>') +
    warning +
    failed
  );
}

/** The page; `vegaSource` is vega.min.js (Vega's browser build). */
export function renderReportHtml(model: ReportModel, vegaSource: string): string {
  const level = `${Math.round(model.confidenceLevel * 100)}%`;
  const toc = [
    ['sweep', 'The sweep'],
    ['findings', 'Findings (claims C1-C7)'],
    ['figures', 'Figures'],
    ['projections', 'Hidden states in 2-D'],
    ['tables', 'Tables'],
    ['method', 'How the numbers are computed'],
  ]
    .map(([id, title]) => `<li><a href="#${id}">${title}</a></li>`)
    .join('');
  const projections =
    model.projections.length > 0
      ? model.projections.map(figureBlock).join('\n')
      : `<p>No saved hidden states in this sweep folder. ${escapeHtml(model.projectionsHowTo ?? '')}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>clusterlens report: ${escapeHtml(model.sweepName)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>clusterlens report: ${escapeHtml(model.sweepName)}</h1>
<p class="muted">How hidden states cluster by task across seeds and interventions (Wu &amp; Varshney, arXiv 2402.12151; docs/PROTOCOL.md).
Statistics seeded with ${model.seed}; ${level} intervals; verdicts by t-tests at α = ${model.thresholds.alpha} (Holm within each claim); ARI threshold ${model.threshold}.</p>
<nav><ul>${toc}</ul></nav>
<section id="sweep"><h2>The sweep</h2>${descriptionSection(model)}</section>
<section id="findings"><h2>Findings (claims C1-C7)</h2>
<p class="muted">Each finding gives its statistic with its interval, the tests its verdict rests on with their thresholds and p-values, and the verdict by the rule stated with the claim (our rules, not the paper's). Intervals and tests are across seeds: each seed contributes one number.</p>
<h3 id="thresholds">Verdict thresholds</h3>
${thresholdsTable(model)}
${model.claims.map((c) => claimSection(c, level, model.thresholds.alpha)).join('\n')}
</section>
<section id="figures"><h2>Figures</h2>
<p class="muted">Hover for values; click a legend entry to pick (shift-click for several, click empty space to reset); drag or scroll inside a panel to zoom, double-click to reset.</p>
${model.figures.map(figureBlock).join('\n')}
</section>
<section id="projections"><h2>Hidden states in 2-D</h2>
${projections}
</section>
<section id="tables"><h2>Tables</h2>
${model.tables.map(tableBlock).join('\n')}
</section>
<section id="method"><h2>How the numbers are computed</h2>
<ul>
<li>A <em>condition</em> is one intervention at one point of the swept axes; its trials differ only in the seed. Each statistic takes one number per seed.</li>
<li>Means come with a Student-t interval (mean ± t·s/√n) and, for claims, a BCa bootstrap interval (SciPy's method, seeded).</li>
<li>Verdicts are decided by t-tests across seeds (one-sided against a threshold, two one-sided tests for "within ± a margin", two-sided for comparisons between conditions), never by the bootstrap: at 5-10 seeds BCa intervals cover the mean far less often than their nominal level (about 82% for a nominal 95% at 5 normal values), t-intervals hold it on normal data.</li>
<li>Multiplicity: the comparisons of one claim for one condition (for C6 and C7, one pair of arms) are a family, Holm-corrected at α; a comparison is significant when its Holm-adjusted p-value is at most α.</li>
<li>"Final" is the value at each trial's last evaluated step; "top layer" the deepest probed layer; layer 0 is the embedding layer.</li>
<li>Interventions are compared with the baseline per seed (paired differences) and, rliable-style, by the interquartile mean and the probability of improvement with stratified-bootstrap percentile intervals.</li>
<li>Steps to a threshold that a run never reaches are counted at its last step (a lower bound), and the number of such runs is reported.</li>
</ul>
</section>
</main>
<div id="tooltip" hidden></div>
<script>${scriptForInline(vegaSource)}</script>
<script>${REPORT_PAGE_SCRIPT}</script>
</body>
</html>
`;
}
