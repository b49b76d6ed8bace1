// Errors a user acts on: each names where the problem is (a file, a spec path) and, where there is one, the fix.
import { UserError } from '@clusterlens/schema';

/** A sweep spec (or a config it resolves to) is invalid. A UserError: never retried, running it again cannot help. */
export class SpecError extends UserError {}

/** An error as a trial's record shows it: the name tells a ConfigError from a crash; plain Errors need no prefix. */
export function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
}
