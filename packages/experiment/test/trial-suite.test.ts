// PROTOCOL section 7, revision 2: by default each trial seed draws its own task suite; data.seed fixes one.
import { describe, expect, it } from 'vitest';

import { parseTrialConfig, TrialSeeds, trialSuite, trialSuiteConfig } from '@clusterlens/experiment';
import { buildSuite } from '@clusterlens/tasks';

describe('the task suite of a trial', () => {
  it('keeps data.seed absent in the resolved config unless the user sets it', () => {
    expect('seed' in parseTrialConfig({}).data).toBe(false);
    expect('seed' in parseTrialConfig({ data: { kind: 'natural' } }).data).toBe(false);
    expect(parseTrialConfig({ data: { kind: 'synthetic', seed: 4 } }).data.seed).toBe(4);
  });

  it("comes from the trial seed's suite branch when data.seed is absent: one suite per seed", () => {
    const { data } = parseTrialConfig({});
    const a = trialSuite(data, new TrialSeeds(0));
    const b = trialSuite(data, new TrialSeeds(1));
    expect(a.fingerprint).not.toBe(b.fingerprint);
    expect(a.config.seed).toBe(new TrialSeeds(0).suite);
    expect(a.fingerprint).toBe(buildSuite({ kind: 'synthetic', seed: new TrialSeeds(0).suite }).fingerprint);
    expect(trialSuite(data, new TrialSeeds(0)).fingerprint).toBe(a.fingerprint);
  });

  it('is the same for every trial seed when data.seed is set', () => {
    const { data } = parseTrialConfig({ data: { kind: 'synthetic', seed: 7 } });
    expect(trialSuiteConfig(data, new TrialSeeds(0)).seed).toBe(7);
    expect(trialSuite(data, new TrialSeeds(0)).fingerprint).toBe(trialSuite(data, new TrialSeeds(1)).fingerprint);
  });

  it('draws its seed from a branch of its own', () => {
    const seeds = new TrialSeeds(0);
    expect(seeds.suite).not.toBe(seeds.init);
    expect(seeds.suite).not.toBe(seeds.sampler.seed());
  });
});
