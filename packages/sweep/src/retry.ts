// When a failed attempt runs again. Whether it runs again at all is schema's isRetryable: a user error (a bad
// config, whatever its class or package) carries `retryable: false`, across threads and machines too.
import { isRetryable } from '@clusterlens/schema';

/** Exponential backoff: base, 2 base, 4 base, ..., at most a minute (a flaky filesystem or a full disk needs time). */
export function backoffMs(failedAttempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, failedAttempts - 1), 60_000);
}

/**
 * The wait before a trial runs again after its attempt number `attempt` failed with `error`, or undefined when it
 * does not: a user error, or the last of `maxAttempts`. The one retry rule of the coordinator and of array tasks.
 */
export function retryDelayMs(error: unknown, attempt: number, maxAttempts: number, baseMs: number): number | undefined {
  return isRetryable(error) && attempt < maxAttempts ? backoffMs(attempt, baseMs) : undefined;
}
