// A trial's configuration (nested JSON) as flat row fields: { model: { nLayer: 5 } } -> { 'model.nLayer': 5 }.
import type { Cell } from '../rows/row.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Nested objects become dotted paths; numbers, strings and null stay as they are; booleans become
 * 'true' / 'false' and arrays their JSON text (a row holds strings, numbers and null only). Two paths that
 * flatten to the same name (a literal 'a.b' next to { a: { b } }) are an error.
 */
export function flattenConfig(config: unknown, where = 'config'): Record<string, Cell> {
  if (!isPlainObject(config)) throw new TypeError(`${where}: expected a JSON object, got ${JSON.stringify(config)}`);
  const flat: Record<string, Cell> = {};
  const visit = (value: Record<string, unknown>, prefix: string): void => {
    for (const [name, child] of Object.entries(value)) {
      const path = prefix === '' ? name : `${prefix}.${name}`;
      if (isPlainObject(child)) {
        visit(child, path);
        continue;
      }
      if (Object.hasOwn(flat, path)) throw new RangeError(`${where}: two fields flatten to '${path}'`);
      flat[path] =
        child === null || typeof child === 'number' || typeof child === 'string'
          ? child
          : typeof child === 'boolean'
            ? String(child)
            : JSON.stringify(child);
    }
  };
  visit(config, '');
  return flat;
}
