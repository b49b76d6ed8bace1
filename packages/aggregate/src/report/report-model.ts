// Everything a report shows, computed once, then written as HTML and as Markdown.
import type { Spec as VegaSpec } from 'vega';

import type { Figure } from '../plots/figure.js';
import type { ClaimResult } from './claims/claim.js';
import type { SweepDescription } from './sweep-description.js';
import type { Table } from './table.js';

export interface ReportFigure {
  figure: Figure;
  /** Compiled Vega spec, embedded in report.html. */
  vega: VegaSpec;
  /** Paths relative to the report folder. */
  svg: string;
  png: string;
}

export interface ReportTable {
  table: Table;
  csv: string;
  parquet: string;
}

export interface ReportModel {
  sweepName: string;
  description: SweepDescription;
  summaryLine: string;
  baseline: string;
  seed: number;
  threshold: number;
  confidenceLevel: number;
  claims: ClaimResult[];
  figures: ReportFigure[];
  projections: ReportFigure[];
  /** Why there are no projections and how to get them; undefined when there are. */
  projectionsHowTo?: string;
  tables: ReportTable[];
}

/** One line per finding, prefixed by its claim; a claim the data cannot speak to says why. */
export function findingLines(claims: readonly ClaimResult[]): string[] {
  return claims.flatMap((claim) =>
    claim.findings.length === 0
      ? [`${claim.id}: not assessed: ${claim.notAssessed ?? 'no data'}`]
      : claim.findings.map((f) => `${claim.id} [${f.condition}] ${f.text} => ${f.verdict}`),
  );
}
