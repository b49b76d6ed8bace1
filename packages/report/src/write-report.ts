// writeReport: a sweep folder in, a report folder out (report.html, summary.md, figures/, tables/).
// Every interval is seeded with options.seed, and nothing in the output depends on the clock or the machine,
// so the same sweep and options give the same report.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import type { ClaimResult, ReportContext } from './claims/common.js';
import { resolveThresholds, type VerdictThresholds } from './claims/verdicts.js';
import { claimC6, claimC7, interquartileMeans, probabilitiesOfImprovement, stratifiedOutcomes } from './claims/comparisons.js';
import { claimC1, claimC2, claimC5, naturalConditions } from './claims/dynamics.js';
import { claimC3, claimC4 } from './claims/generalization.js';
import { ariOverTrainingFigure, finalAriByLayerFigure, pcaProjectionFigure } from './figures/clustering.js';
import { interventionIqmFigure, probabilityOfImprovementFigure } from './figures/interventions.js';
import { renderFigure, type Figure } from './figures/render.js';
import { readVegaBrowserBuild, renderReportHtml, slug } from './html.js';
import { renderSummaryMarkdown } from './markdown.js';
import { ARI, finalByLayer, headlineOutcomes, meanCurves, OUTCOME_METRICS, TrialCurves, trialOutcomes } from './outcomes.js';
import { findRepresentations, readRepresentation, representationTitle, REPRESENTATIONS_HOWTO } from './read/representations.js';
import { chooseBaseline, loadSweep, type SweepData } from './read/sweep.js';
import { describeSweep, findingLines, sweepSummaryLine, type ReportFigure, type ReportModel, type ReportTable } from './report-model.js';
import * as tables from './tables.js';

/** What deciding the claims needs. */
export interface AssessOptions {
  /** Seeds every bootstrap (required: a report is reproducible). */
  seed: number;
  /** ARI level for emergence and steps-to-threshold (default 0.5). */
  threshold?: number;
  /** Intervention the others are compared with (default: 'baseline', 'none', 'control' or 'default' if present, else the first). */
  baseline?: string;
  /** Level of every interval (default 0.95). */
  confidenceLevel?: number;
  /** Bootstrap resamples (default: the library's, 9999 for BCa and 50000 for stratified intervals). */
  nResamples?: number;
  /** Accuracy level for 'steps to accuracy' (default 0.95, PROTOCOL section 6). */
  accuracyThreshold?: number;
  /** The verdicts' α and thresholds; each one left out takes its default (VERDICT_DEFAULTS). */
  thresholds?: Partial<VerdictThresholds>;
}

export interface WriteReportOptions extends AssessOptions {
  /** Output folder (default <sweepDir>/report). */
  out?: string;
  /** Fonts for the PNGs (default DejaVu Sans from /usr/share/fonts/truetype/dejavu). */
  fontFiles?: string[];
}

export interface ReportResult {
  out: string;
  html: string;
  summary: string;
  /** Absolute paths of figures/*.svg and *.png. */
  figures: string[];
  /** Absolute paths of tables/*.csv and *.parquet. */
  tables: string[];
  /** One line per finding (what the CLI prints). */
  findings: string[];
  /** Cautions about the sweep itself (fewer than 5 seeds, seeds that are not repeats). */
  warnings: string[];
  claims: ClaimResult[];
}

/** At most this many representation files are drawn (sorted by name); more would make an unreadable page. */
export const MAX_PROJECTIONS = 24;

/** The sweep read, its outcomes, and the claims decided: what a report is made from. */
interface Assessment {
  sweep: SweepData;
  context: ReportContext;
  claims: ClaimResult[];
  headlines: ReturnType<typeof headlineOutcomes>;
}

async function assess(sweepDir: string, options: AssessOptions): Promise<Assessment> {
  const { seed, threshold = 0.5, confidenceLevel = 0.95, nResamples, accuracyThreshold = 0.95 } = options;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed: expected a non-negative integer, got ${String(seed)}`);
  if (!Number.isFinite(threshold)) throw new RangeError(`threshold: expected a number, got ${String(threshold)}`);
  const thresholds = resolveThresholds(options.thresholds);
  const statistics = { seed, confidenceLevel, nResamples };

  const sweep = await loadSweep(sweepDir);
  const baseline = chooseBaseline(sweep.interventions, options.baseline);
  const curves = new TrialCurves(sweep.rows, OUTCOME_METRICS);
  const outcomes = trialOutcomes(sweep, curves, { ariThreshold: threshold, accuracyThreshold });
  const context: ReportContext = { sweep, curves, outcomes, statistics, threshold, thresholds, baseline, conditions: sweep.conditions };

  // C1-C4 on every condition except natural-suite ones, which C5 reads; C6-C7 compare conditions.
  const natural = new Set(naturalConditions(context));
  const synthetic = sweep.conditions.filter((c) => !natural.has(c));
  const headlines = headlineOutcomes(outcomes, sweep.splits, threshold, accuracyThreshold);
  const claims = [
    claimC1(context, synthetic),
    claimC2(context, synthetic),
    claimC3(context, synthetic),
    claimC4(context, synthetic),
    claimC5(context),
    claimC6(context, headlines),
    claimC7(context),
  ];
  return { sweep, context, claims, headlines };
}

/**
 * The claims of PROTOCOL section 7 decided on a sweep, without writing a report: the same findings and verdicts
 * writeReport writes, for scripts and tests.
 */
export async function assessClaims(sweepDir: string, options: AssessOptions): Promise<ClaimResult[]> {
  return (await assess(sweepDir, options)).claims;
}

export async function writeReport(sweepDir: string, options: WriteReportOptions): Promise<ReportResult> {
  const { seed, threshold = 0.5, confidenceLevel = 0.95 } = options;
  const { sweep, context, claims, headlines } = await assess(sweepDir, options);
  const { outcomes, baseline, statistics, thresholds } = context;
  const out = resolve(options.out ?? join(sweepDir, 'report'));
  const level = `${Math.round(confidenceLevel * 100)}%`;

  const ariCurves = meanCurves(sweep.rows, ARI, confidenceLevel);
  const finals = finalByLayer(outcomes, confidenceLevel);
  const stratified = stratifiedOutcomes(headlines);
  const several = sweep.conditions.length > 1;
  const iqm = several ? interquartileMeans(outcomes, sweep.conditions, stratified, statistics) : [];
  const improvement = several ? probabilitiesOfImprovement(sweep, outcomes, baseline, stratified, statistics) : [];

  const figures: Figure[] = [];
  for (const condition of sweep.conditions) {
    const points = ariCurves.filter((c) => c.condition === condition);
    if (points.length === 0) continue;
    figures.push(
      ariOverTrainingFigure(points, {
        name: several ? `ari-over-training-${slug(condition)}` : 'ari-over-training',
        condition: several ? condition : undefined,
        confidenceLevel,
      }),
    );
  }
  if (finals.length > 0) figures.push(finalAriByLayerFigure(finals, { conditions: sweep.conditions, confidenceLevel }));
  const outcomeOrder = stratified.map((s) => s.label);
  if (iqm.length > 0) figures.push(interventionIqmFigure(iqm, { outcomes: outcomeOrder, conditions: sweep.conditions }));
  if (improvement.length > 0) {
    figures.push(probabilityOfImprovementFigure(improvement, { baseline, outcomes: outcomeOrder, conditions: sweep.conditions.filter((c) => improvement.some((i) => i.condition === c)) }));
  }

  const projectionFigures: Figure[] = [];
  const projectionRecords: tables.ProjectionRecord[] = [];
  const representationFiles = (await findRepresentations(sweep.dir)).slice(0, MAX_PROJECTIONS);
  for (const file of representationFiles) {
    const r = await readRepresentation(file);
    const figure = pcaProjectionFigure(r.points, r.n, r.dim, r.tasks, { name: `pca-${slug(r.name)}`, title: representationTitle(r), taskNames: r.taskNames, seed });
    projectionFigures.push(figure);
    const numberOrNull = (text: string | undefined) => (text === undefined || Number.isNaN(Number(text)) ? null : Number(text));
    projectionRecords.push({
      figure: figure.name,
      file: `representations/${r.name}.safetensors`,
      split: r.metadata.split ?? null,
      layer: numberOrNull(r.metadata.layer),
      step: numberOrNull(r.metadata.step),
      n: r.n,
      dim: r.dim,
      explainedPc1: figure.explained[0],
      explainedPc2: figure.explained[1],
    });
  }

  const description = describeSweep(sweep);
  const tableList: tables.Table[] = [
    tables.trialsTable(sweep),
    tables.configDifferencesTable(description.differences),
    tables.claimsTable(claims, level),
    tables.claimTestsTable(claims, thresholds.alpha),
    tables.claimVerdictsTable(claims),
    tables.ariCurvesTable(ariCurves, level),
    tables.finalAriTable(finals, level),
    tables.clusterAccuracyTable(outcomes, confidenceLevel, level),
    tables.trialOutcomesTable(outcomes),
    ...(iqm.length > 0 ? [tables.iqmTable(iqm, level)] : []),
    ...(improvement.length > 0 ? [tables.improvementTable(improvement, level)] : []),
    ...(projectionRecords.length > 0 ? [tables.projectionsTable(projectionRecords)] : []),
  ];

  await mkdir(join(out, 'figures'), { recursive: true });
  await mkdir(join(out, 'tables'), { recursive: true });
  const written: string[] = [];
  const render = async (figure: Figure): Promise<ReportFigure> => {
    const rendered = await renderFigure(figure, { fontFiles: options.fontFiles });
    const svg = `figures/${figure.name}.svg`;
    const png = `figures/${figure.name}.png`;
    await writeFile(join(out, svg), rendered.svg);
    await writeFile(join(out, png), rendered.png);
    written.push(join(out, svg), join(out, png));
    return { figure, vega: rendered.vega, svg, png };
  };
  const reportFigures: ReportFigure[] = [];
  for (const figure of figures) reportFigures.push(await render(figure));
  const reportProjections: ReportFigure[] = [];
  for (const figure of projectionFigures) reportProjections.push(await render(figure));

  const reportTables: ReportTable[] = tableList.map((table) => ({ table, csv: `tables/${table.name}.csv`, parquet: `tables/${table.name}.parquet` }));
  for (const t of reportTables) await tables.writeTableCsv(t.table, join(out, t.csv));
  await tables.writeTablesParquet(reportTables.map((t) => ({ table: t.table, file: join(out, t.parquet) })));
  const tableFiles = reportTables.flatMap((t) => [join(out, t.csv), join(out, t.parquet)]);

  const model: ReportModel = {
    sweepName: sweep.name,
    description,
    summaryLine: sweepSummaryLine(description),
    baseline,
    seed,
    threshold,
    confidenceLevel,
    thresholds,
    claims,
    figures: reportFigures,
    projections: reportProjections,
    projectionsHowTo: reportProjections.length === 0 ? REPRESENTATIONS_HOWTO : undefined,
    tables: reportTables,
  };
  const html = join(out, 'report.html');
  const summary = join(out, 'summary.md');
  await writeFile(html, renderReportHtml(model, await readVegaBrowserBuild()));
  await writeFile(summary, renderSummaryMarkdown(model));
  return { out, html, summary, figures: written, tables: tableFiles, findings: findingLines(claims), warnings: description.warnings, claims };
}
