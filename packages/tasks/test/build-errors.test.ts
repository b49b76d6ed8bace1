import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { buildSuite, loadSuite, parseSuiteConfig, SuiteConfigError } from '@clusterlens/tasks';

describe('configuration errors found while building', () => {
  it('asking for more instructions than random regexes can give names samplesPerDistribution', () => {
    const build = () => buildSuite({ kind: 'synthetic', samplesPerDistribution: 800, heldOutSamplesPerDistribution: 0 });
    expect(build).toThrow(SuiteConfigError);
    expect(build).toThrow(/^samplesPerDistribution: no random regex over 6 words with slots 3-6 gave .* = 800 instructions/);
  });

  it('carry the file name when the suite came from a file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'clusterlens-tasks-')), 'greedy.yaml');
    writeFileSync(file, 'kind: synthetic\nsamplesPerDistribution: 800\nheldOutSamplesPerDistribution: 0\n');
    expect(() => loadSuite(file)).toThrow(`${file}: samplesPerDistribution: no random regex`);
  });

  it('every issue carries a path a program can act on', () => {
    try {
      parseSuiteConfig({ kind: 'synthetic', slots: { min: 7, max: 6 }, wordsPerTask: 13 });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(SuiteConfigError);
      expect((error as SuiteConfigError).issues.map((issue) => issue.path)).toEqual([['slots', 'max'], ['wordsPerTask']]);
    }
  });

  it('a parsed configuration builds the same suite as the raw one', () => {
    const raw = { kind: 'synthetic' as const, seed: 9, family: 'rule' as const };
    expect(buildSuite(parseSuiteConfig(raw)).fingerprint).toBe(buildSuite(raw).fingerprint);
    expect(parseSuiteConfig(parseSuiteConfig(raw))).toEqual(parseSuiteConfig(raw));
  });
});
