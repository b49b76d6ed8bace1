// Cluster dynamics of several seeds (one curve each) summarised across the seeds.
import type { ClusterDynamics } from './cluster-dynamics.js';
import { summarize, type Summary, type SummaryOptions } from './summarize.js';

export interface QuantitySummary {
  /** Seeds with a value (emergence and saturation are null for a seed whose curve never gets there). */
  reached: number;
  /** Across the seeds that have a value; null when fewer than 2 do. */
  summary: Summary | null;
}

export interface ClusterDynamicsSummary {
  seeds: number;
  emergenceStep: QuantitySummary;
  saturationStep: QuantitySummary;
  finalValue: QuantitySummary;
  steepestSlope: QuantitySummary;
}

/**
 * Each quantity of clusterDynamics summarised over seeds. Seeds that never reach the emergence threshold are
 * counted in `reached` but left out of the summary (their emergence step is unknown, not infinite): read
 * the mean emergence step together with `reached` of `seeds`.
 */
export function summarizeClusterDynamics(
  perSeed: readonly ClusterDynamics[],
  options: Omit<SummaryOptions, 'nanPolicy'>,
): ClusterDynamicsSummary {
  if (!Array.isArray(perSeed) || perSeed.length === 0) throw new RangeError('perSeed: needs at least one seed');
  const quantity = (pick: (d: ClusterDynamics) => number | null): QuantitySummary => {
    const values = perSeed.map(pick).filter((v): v is number => v !== null);
    return { reached: values.length, summary: values.length >= 2 ? summarize(values, options) : null };
  };
  return {
    seeds: perSeed.length,
    emergenceStep: quantity((d) => d.emergenceStep),
    saturationStep: quantity((d) => d.saturationStep),
    finalValue: quantity((d) => d.finalValue),
    steepestSlope: quantity((d) => d.steepestSlope),
  };
}
