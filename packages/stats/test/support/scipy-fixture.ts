// The reference values of test/fixtures/scipy-stats.json (tools/reference/stats/make_fixtures.py).
import { readFileSync } from 'node:fs';

interface MonteCarloCase {
  confidenceLevel: number;
  nResamples: number;
  repeats: number;
  lowMean: number;
  lowSd: number;
  highMean: number;
  highSd: number;
}

export interface ScipyFixture {
  versions: Record<string, string>;
  tQuantiles: { df: number; p: number; q: number; exact: number }[];
  tCdfs: { df: number; t: number; cdf: number; exact: number }[];
  normalCdfs: { z: number; cdf: number }[];
  normalQuantiles: { p: number; q: number }[];
  tIntervals: { values: number[]; confidenceLevel: number; mean: number; sd: number; low: number; high: number }[];
  trimMeans: { values: number[]; proportion: number; trimMean: number }[];
  iqmMatrices: { strata: number[][]; iqm: number }[];
  probabilityOfImprovement: { x: number[][]; y: number[][]; probability: number; perTask: number[] }[];
  trapezoids: { steps: number[]; values: number[]; area: number; normalized: number }[];
  percentiles: { values: number[]; qs: number[]; percentiles: number[] }[];
  bootstrapGivenDistribution: {
    sample: number[];
    statistic: 'mean' | 'std';
    confidenceLevel: number;
    distribution: number[];
    estimate: number;
    biasCorrection: number;
    acceleration: number;
    bcaLevels: [number, number];
    bca: [number, number];
    percentile: [number, number];
    basic: [number, number];
    standardError: number;
  }[];
  bootstrapMonteCarlo: (MonteCarloCase & {
    name: string;
    sample: number[];
    statistic: 'mean' | 'std';
    method: 'percentile' | 'bca' | 'basic';
  })[];
  stratifiedMonteCarlo: (MonteCarloCase & {
    kind: 'iqm' | 'probability-of-improvement';
    estimate: number;
    strata?: number[][];
    x?: number[][];
    y?: number[][];
  })[];
}

export const scipy = JSON.parse(
  readFileSync(new URL('../fixtures/scipy-stats.json', import.meta.url), 'utf8'),
) as ScipyFixture;

/** |actual - expected| relative to |expected|, or absolute below `floor`. */
export function relativeError(actual: number, expected: number, floor = 1e-300): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);
}
