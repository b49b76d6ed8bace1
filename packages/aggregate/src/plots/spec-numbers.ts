// Numbers as they go into a spec's inline data: six significant digits are more than a picture can show and
// keep report.html small; NaN and infinities (not JSON) become null, which Vega treats as missing.

export function specNumber(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return Number(value.toPrecision(6));
}
