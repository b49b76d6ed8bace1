// Configs are plain JSON trees: hashed, stored in DuckDB and sent to worker threads, so nothing else may hide in them.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with keys sorted at every level: the schema's, so sweep trial ids and trial checkpoints agree on it. */
export { canonicalJson } from '@clusterlens/schema';

/** Shows a value in a trial label: strings bare, everything else as JSON. */
export function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
