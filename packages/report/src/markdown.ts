// summary.md: the report's findings in Markdown, for a README, an issue or a paper draft; figures as PNG links.
import { VERDICT_DEFAULTS, VERDICT_THRESHOLDS } from './claims/verdicts.js';
import { conditionVerdictText, splitSizesText, suitesText, type ReportModel } from './report-model.js';

function escapeMarkdown(text: string): string {
  return text.replaceAll('|', '\\|');
}

export function renderSummaryMarkdown(model: ReportModel): string {
  const level = `${Math.round(model.confidenceLevel * 100)}%`;
  const d = model.description;
  const lines: string[] = [
    `# clusterlens report: ${model.sweepName}`,
    '',
    `Statistics seeded with ${model.seed}; ${level} intervals; verdicts by t-tests at α = ${model.thresholds.alpha} (Holm within each claim); ARI threshold ${model.threshold}. Interactive version: [report.html](report.html).`,
    '',
    '## The sweep',
    '',
    model.summaryLine,
    '',
    suitesText(d),
    '',
    splitSizesText(d),
    '',
    '| condition | intervention | finished trials | seeds |',
    '|---|---|---:|---:|',
    ...d.conditions.map((c) => `| ${escapeMarkdown(c.condition)} | ${escapeMarkdown(c.intervention)} | ${c.trials} | ${c.seeds} |`),
    '',
    `Baseline for comparisons: **${model.baseline}**.`,
    '',
  ];
  const paths = [...new Set(d.differences.map((x) => x.path))];
  if (paths.length > 0) {
    lines.push('Config differences:', '');
    for (const path of paths) {
      const values = d.differences.filter((x) => x.path === path).map((x) => `${x.condition}: \`${x.values.join(' | ')}\``);
      lines.push(`- \`${path}\` — ${values.join('; ')}`);
    }
    lines.push('');
  }
  for (const warning of d.warnings) lines.push(`> Note: ${warning}`, '');
  if (d.failed.length > 0) lines.push(`Failed trials (left out): ${d.failed.map((f) => f.label).join(', ')}.`, '');

  lines.push('## Verdict thresholds', '');
  lines.push(
    "Every verdict is decided with these (report options; `clusterlens report` flags). Each comparison is a t-test across seeds; a claim's comparisons for one condition are Holm-corrected together at α. Bootstrap (BCa) intervals are shown but never decide.",
    '',
    '| threshold | flag | value | default | claim | meaning |',
    '|---|---|---:|---:|---|---|',
    ...VERDICT_THRESHOLDS.map((t) => `| ${t.name} | \`${t.flag}\` | ${model.thresholds[t.name]} | ${VERDICT_DEFAULTS[t.name]} | ${t.claim} | ${escapeMarkdown(t.description)} |`),
    '',
  );

  lines.push('## Findings', '');
  for (const claim of model.claims) {
    lines.push(`### ${claim.id}: ${claim.statement}`, '', `_Rule: ${claim.rule}_`, '');
    if (claim.findings.length === 0) lines.push(`- Not assessed: ${claim.notAssessed ?? 'no data'}`);
    for (const f of claim.findings) lines.push(`- **${f.condition}** — ${f.text} — **${f.verdict}${f.assessment ? ` (${f.assessment})` : ''}**`);
    if (claim.verdicts.length > 0) {
      lines.push('', `Verdict of ${claim.id} per condition:`, '');
      for (const v of claim.verdicts) lines.push(`- **${v.condition}**: **${conditionVerdictText(v)}**`);
    }
    lines.push('');
  }

  lines.push('## Figures', '');
  for (const f of model.figures) lines.push(`### ${f.figure.title}`, '', `![${f.figure.title}](${f.png})`, '', f.figure.caption, '');
  lines.push('## Hidden states in 2-D', '');
  if (model.projections.length === 0) lines.push(`No saved hidden states. ${model.projectionsHowTo ?? ''}`, '');
  for (const f of model.projections) lines.push(`### ${f.figure.title}`, '', `![${f.figure.title}](${f.png})`, '');

  lines.push('## Tables', '');
  for (const t of model.tables) lines.push(`- ${t.table.title} (${t.table.rows.length} rows): [CSV](${t.csv}), [Parquet](${t.parquet}) — ${t.table.description}`);
  lines.push('');
  return lines.join('\n');
}
