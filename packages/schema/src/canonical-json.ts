// Configs are hashed into the ids that tie results to them (sweep trial ids, checkpoints): equal configs must give
// equal text whatever order their keys were written or parsed in.

/**
 * JSON with object keys sorted at every level and undefined members left out, so equal configs give equal text.
 * Arrays keep their order: it is meaningful.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined) sorted[key] = sortKeys(record[key]);
  }
  return sorted;
}
