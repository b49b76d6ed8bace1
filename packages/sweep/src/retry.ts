// When a failed attempt runs again. Whether it runs again at all is schema's isRetryable: a user error (a bad
// config, whatever its class or package) carries `retryable: false`, across threads and machines too.

/** Exponential backoff: base, 2 base, 4 base, ..., at most a minute (a flaky filesystem or a full disk needs time). */
export function backoffMs(failedAttempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, failedAttempts - 1), 60_000);
}
