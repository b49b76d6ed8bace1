// Errors a user acts on. Each names where the problem is (a file, a config path) and, where there is one, the fix.

/**
 * A failure caused by the user's input (a config, a spec, a file): running it again fails the same way, so a sweep
 * never retries it unless `retryable` says otherwise. Executors pass `retryable` across threads and machines as a
 * plain field, since structured cloning keeps neither an error's class nor its own fields.
 */
export class UserError extends Error {
  readonly retryable: boolean;

  constructor(message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryable = options.retryable ?? false;
  }
}

/** Whether another attempt could succeed: false for user errors and anything else that says `retryable: false`. */
export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  return (error as { retryable?: unknown }).retryable !== false;
}

/** `['tasks', 2, 'distributions', 1]` -> `tasks[2].distributions[1]`; the empty path is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}
