// The rules that turn intervals into verdicts. They are ours, not the paper's (PROTOCOL marks what is whose):
// the report prints them next to the findings so a reader can apply a different rule to the same numbers.

/** C1: it saturates when the change over the last quarter of training is below this share of the whole rise. */
export const SATURATION_SHARE = 0.1;

/** C2: layer 0 "stays near its initial value" when the interval of its change lies within ± this much ARI. */
export const FLAT_LAYER_TOLERANCE = 0.05;

/** C3: validation tracks training when the per-trial correlation of the two curves has its lower bound above this... */
export const TRACKING_CORRELATION = 0.9;
/** ...and the interval of the final gap (validation - train) lies within ± this much ARI. */
export const TRACKING_GAP = 0.1;

/** C6, C7: the sign of a difference whose interval excludes 0; 'null' when it includes 0. */
export function differenceDirection(low: number | null, high: number | null): 'positive' | 'negative' | 'null' | 'undetermined' {
  if (low === null || high === null) return 'undetermined';
  if (low > 0) return 'positive';
  if (high < 0) return 'negative';
  return 'null';
}

/** Both parts -> supported; one -> partly; none -> not supported. */
export function combineVerdicts(parts: readonly boolean[]): string {
  const held = parts.filter(Boolean).length;
  return held === parts.length ? 'supported' : held > 0 ? 'partly supported' : 'not supported';
}
