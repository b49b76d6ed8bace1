// Editing opaque trial configs by dotted path (`optimizer.lr`): the sweep never needs to know what the keys mean.
import { SpecError } from './errors.js';
import { isPlainObject } from './json.js';

/**
 * Returns a copy of `base` with `patch` merged in: objects merge key by key, anything else (numbers, strings,
 * arrays, null) replaces. Arrays replace rather than merge because an index-wise merge of a list is never
 * what an intervention means.
 */
export function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : structuredClone(value);
  }
  return out;
}

/**
 * Sets `path` (`a.b.c`) in `config`, creating the objects on the way. `where` names the spec entry that asked,
 * so that an impossible path is reported against it (`axes.optimizer.lr: ...`).
 */
export function setPath(config: Record<string, unknown>, path: string, value: unknown, where: string): void {
  const keys = path.split('.');
  let node = config;
  keys.slice(0, -1).forEach((key, i) => {
    const next = node[key];
    if (next === undefined || next === null) node[key] = {};
    else if (!isPlainObject(next)) {
      const at = keys.slice(0, i + 1).join('.');
      throw new SpecError(`${where}: cannot set '${path}': '${at}' is ${JSON.stringify(next)} in the config, not an object`);
    }
    node = node[key] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]!] = structuredClone(value);
}
