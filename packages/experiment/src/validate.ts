// The complete plan-time check of a trial config: the schema, and the task suite built from it. Building a suite
// finds what the schema cannot (a regex left with fewer distinct instructions than the splits need once the other
// tasks have drawn theirs; random regexes that cannot give that many), and it takes a fraction of a second, where a
// trial that found it would have failed on a worker after start-up.
import { formatPath, isRetryable } from '@clusterlens/schema';
import { buildSuite, withTaskTokens, type SuiteConfigInput } from '@clusterlens/tasks';

import { resolveAlignment } from './alignment/check.js';
import { ConfigError, parseTrialConfig, type TrialConfig } from './config.js';
import { TrialSeeds, trialSuiteConfig } from './seeds.js';

/** Why a suite does not build: `path: problem` lines, paths from the trial config's root, and the original error. */
interface SuiteFailure {
  lines: string[];
  cause: unknown;
}

/**
 * Outcomes of building suites, by suite config with its seed decided: a sweep's trials with a fixed `data.seed` share
 * one suite (they differ in seed and axes); without one, each trial seed has its own.
 */
const suiteChecks = new Map<string, SuiteFailure | null>();
const MAX_REMEMBERED = 256;

/**
 * Throws a ConfigError (a UserError: never retried) unless `config` is a trial config whose task suite builds.
 * Every problem is one line `${source}: path: problem`, the path from the trial config's root, e.g.
 * `base: data.tasks[1].distributions[0]: regex "w0 (w1|w2|w3) w4? (w5){1,3}" has only 4 distinct instructions not
 * used elsewhere in the suite; 14 are needed`.
 */
export function validateTrialConfig(config: unknown, source: string): void {
  const parsed = parseTrialConfig(config, source);
  const data = trialSuiteConfig(parsed.data, new TrialSeeds(parsed.seed));
  const taskTokens = parsed.training.taskTokens !== undefined;
  const key = JSON.stringify(data) + (taskTokens ? ' with task tokens' : '');
  let failure = suiteChecks.get(key);
  if (failure === undefined) {
    failure = suiteFailure(data, taskTokens);
    // A failure that is not a user error (a bug, a full disk) might not happen again: it is not remembered.
    if (failure === null || !isRetryable(failure.cause)) {
      if (suiteChecks.size >= MAX_REMEMBERED) suiteChecks.clear();
      suiteChecks.set(key, failure);
    }
  }
  if (failure !== null) throw new ConfigError(failure.lines.map((line) => `${source}: ${line}`).join('\n'), { cause: failure.cause });
  if (parsed.alignment) checkAlignment(parsed, source);
}

/** The alignment section against the suite (task names, a count that leaves a task allowed, the budget). */
function checkAlignment(config: TrialConfig, source: string): void {
  const seeds = new TrialSeeds(config.seed);
  try {
    resolveAlignment(config, buildSuite(trialSuiteConfig(config.data, seeds)), seeds);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${source}: ${error.message}`, { cause: error });
    throw error;
  }
}

function suiteFailure(data: SuiteConfigInput, taskTokens: boolean): SuiteFailure | null {
  try {
    const suite = buildSuite(data);
    // Task tokens take one more position in every training sequence (data.contextLength); parseTrialConfig has
    // refused them for any suite but the synthetic one.
    if (taskTokens && suite.kind === 'synthetic') withTaskTokens(suite);
    return null;
  } catch (error) {
    // The tasks package's user errors (SuiteConfigError) list their issues with paths inside the suite config.
    // Read as fields, not by class, like every user error (schema's isRetryable).
    const issues = (error as { issues?: unknown } | null)?.issues;
    if (!isRetryable(error) && Array.isArray(issues) && issues.length > 0) {
      return { lines: (issues as { path: (string | number)[]; message: string }[]).map((i) => `${formatPath(['data', ...i.path])}: ${i.message}`), cause: error };
    }
    const message = error instanceof Error ? error.message : String(error);
    if (!isRetryable(error)) return { lines: message.split('\n').map((line) => `data: ${line}`), cause: error };
    const name = error instanceof Error ? error.name : 'Error';
    return { lines: [`data: cannot build the task suite: ${name}: ${message}`], cause: error };
  }
}
