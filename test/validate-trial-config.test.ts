// validateTrialConfig: the clusterlens trial's plan-time check. Whatever building the task suite throws reaches the
// sweep as a UserError (never retried) whose lines start with `${source}: data`.
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { ConfigError, validateTrialConfig } from '@clusterlens/experiment';
import { isRetryable, UserError } from '@clusterlens/schema';
import { buildSuite } from '@clusterlens/tasks';

import { collidingRegexSuite } from '../packages/tasks/test/support/configs.js';

vi.mock('@clusterlens/tasks', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@clusterlens/tasks')>();
  return { ...actual, buildSuite: vi.fn(actual.buildSuite) };
});

const suiteBuilds = () => vi.mocked(buildSuite).mock.calls.length;

function thrown(run: () => void): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

beforeEach(() => {
  vi.mocked(buildSuite).mockClear();
});

describe('validateTrialConfig', () => {
  it('passes a valid config, building its suite once however many trials share it', () => {
    const data = { kind: 'synthetic', seed: 7 };
    validateTrialConfig({ data, seed: 0 }, 'a');
    validateTrialConfig({ data, seed: 1 }, 'b');
    expect(suiteBuilds()).toBe(1);
  });

  it("reports the schema's problems with their paths, without building a suite", () => {
    const error = thrown(() => validateTrialConfig({ model: { nHead: 5 } }, 'base'));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('base: model.nHead: 5 does not divide nEmbd 128');
    const regex = thrown(() => validateTrialConfig({ data: { kind: 'synthetic', tasks: [{ distributions: ['w0 (w1|w2'] }] } }, 'base'));
    expect(regex.message.split('\n')).toContain('base: data.tasks[0].distributions[0]: regex "w0 (w1|w2" cannot be parsed: unclosed group opened at position 3');
    expect(suiteBuilds()).toBe(0);
  });

  it("puts the suite builder's issues under data, for every source that asks, building the suite once", () => {
    const data = collidingRegexSuite;
    for (const source of ['base', "trial 'x seed=0'"]) {
      const error = thrown(() => validateTrialConfig({ data }, source));
      expect(error).toBeInstanceOf(ConfigError);
      expect(isRetryable(error)).toBe(false);
      expect(error.cause).toMatchObject({ name: 'SuiteConfigError' });
      expect(error.message).toBe(
        `${source}: data.tasks[1].distributions[0]: regex "w0 (w1|w2|w3) w4? (w5){1,3}" has only 4 distinct instructions not used elsewhere in the suite; 14 are needed`,
      );
    }
    expect(suiteBuilds()).toBe(1);
  });

  it('wraps any other failure of the suite builder in a UserError, and tries again next time', () => {
    const config = { data: { kind: 'synthetic', seed: 11 } };
    vi.mocked(buildSuite).mockImplementationOnce(() => {
      throw new RangeError('int(n): n = 0 is not in [1, 2^32]');
    });
    const error = thrown(() => validateTrialConfig(config, 'base'));
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ name: 'ConfigError', retryable: false, cause: expect.any(RangeError) });
    expect(error.message).toBe('base: data: cannot build the task suite: RangeError: int(n): n = 0 is not in [1, 2^32]');
    // Not remembered: it may have been a passing trouble.
    validateTrialConfig(config, 'base');
    expect(suiteBuilds()).toBe(2);
  });
});
