// Errors a user acts on: each names where the problem is (a file, a spec path) and, where there is one, the fix.
import { UserError } from '@clusterlens/schema';

/** A sweep spec (or a config it resolves to) is invalid. A UserError: never retried, running it again cannot help. */
export class SpecError extends UserError {}
