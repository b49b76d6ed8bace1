import { formatPath, UserError } from '@clusterlens/schema';
import type { z } from 'zod';

export type ConfigPath = readonly (string | number)[];

export interface ConfigIssue {
  readonly path: ConfigPath;
  readonly message: string;
}

/**
 * An invalid suite configuration. The message has one line per problem, each `path: problem`
 * (e.g. `tasks[2].distributions[1]: regex "w1 (w2" cannot be parsed: unclosed group opened at position 3`),
 * prefixed with the file when the configuration came from one.
 */
export class SuiteConfigError extends UserError {
  constructor(
    readonly issues: readonly ConfigIssue[],
    readonly file?: string,
  ) {
    super(issues.map((issue) => `${file ? `${file}: ` : ''}${formatIssue(issue)}`).join('\n'));
  }

  static fromZod(error: z.ZodError, file?: string): SuiteConfigError {
    return new SuiteConfigError(error.issues.flatMap(issuesOfZod), file);
  }
}

/** `path: problem`, or the problem alone for the document as a whole. */
function formatIssue(issue: ConfigIssue): string {
  return issue.path.length === 0 ? issue.message : `${formatPath(issue.path)}: ${issue.message}`;
}

function issuesOfZod(issue: z.core.$ZodIssue): ConfigIssue[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  switch (issue.code) {
    case 'unrecognized_keys':
      // One issue per key, at the key's own path, so the message points at the line to fix.
      return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown key' }));
    case 'invalid_union':
      if (issue.discriminator && 'options' in issue && issue.options) {
        return [{ path, message: `expected one of ${issue.options.map((o) => `'${String(o)}'`).join(', ')}` }];
      }
      return [{ path, message: issue.message }];
    default:
      return [{ path, message: plainMessage(issue) }];
  }
}

function plainMessage(issue: z.core.$ZodIssue): string {
  const received = issue.input === undefined ? 'nothing' : JSON.stringify(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `required (expected ${issue.expected})`;
      if (issue.path.length === 0) return `expected a mapping with kind: synthetic or kind: natural, got ${received}`;
      return `expected ${issue.expected}, got ${received}`;
    case 'too_small':
    case 'too_big': {
      const bound = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const relation = issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
      if (issue.origin === 'array') {
        const count = Array.isArray(issue.input) ? issue.input.length : received;
        return `must have ${relation} ${bound} entries, got ${count}`;
      }
      if (issue.origin === 'string') return `must have ${relation} ${bound} characters, got ${received}`;
      return `must be ${relation} ${bound}, got ${received}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${received}`;
    default:
      return issue.message;
  }
}
