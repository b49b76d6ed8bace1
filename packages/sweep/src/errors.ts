// Errors a user acts on: each names where the problem is (a file, a spec path) and, where there is one, the fix.

/** A sweep spec (or a config it resolves to) is invalid. Never retried: running it again cannot help. */
export class SpecError extends Error {
  override name = 'SpecError';
}

/** `axes.optimizer.lr.random`, `seeds[1]`: the spec path of a problem, as a user would write it. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(root)';
}
