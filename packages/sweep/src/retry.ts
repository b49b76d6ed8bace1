// Which failures are worth another attempt, and when.

/** Names of errors that mean the config is wrong: running it again fails the same way. */
const CONFIG_ERRORS = new Set(['ConfigError', 'SpecError']);

export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  const { name, retryable } = error as { name?: unknown; retryable?: unknown };
  if (typeof name === 'string' && CONFIG_ERRORS.has(name)) return false;
  return retryable !== false;
}

/** Exponential backoff: base, 2 base, 4 base, ..., at most a minute (a flaky filesystem or a full disk needs time). */
export function backoffMs(failedAttempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, failedAttempts - 1), 60_000);
}
