// trialHash ties a checkpoint to its config: a config parsed again, whose defaults come back in another key order,
// must keep its hash, and any changed value must change it.
import { describe, expect, it } from 'vitest';

import { parseTrialConfig, trialHash } from '@clusterlens/experiment';

const INPUTS = [{}, { data: { numTasks: 4 } }, { data: { kind: 'natural' } }, { data: { kind: 'synthetic', seed: 3, numTasks: 4 }, training: { steps: 10 } }];

describe('trialHash', () => {
  it.each(INPUTS)('keeps the hash of %j when the parsed config is parsed again', (input) => {
    const parsed = parseTrialConfig(input);
    const again = parseTrialConfig(JSON.parse(JSON.stringify(parsed)));
    expect(Object.keys(again.data)).not.toEqual([]);
    expect(trialHash(again)).toBe(trialHash(parsed));
  });

  it('does not depend on the order keys were written in', () => {
    const a = parseTrialConfig({ model: { nLayer: 2, nEmbd: 32, nHead: 2 }, seed: 1 });
    const b = parseTrialConfig({ seed: 1, model: { nHead: 2, nEmbd: 32, nLayer: 2 } });
    expect(trialHash(a)).toBe(trialHash(b));
  });

  it('changes with any value', () => {
    const base = parseTrialConfig({});
    expect(trialHash(parseTrialConfig({ seed: 1 }))).not.toBe(trialHash(base));
    expect(trialHash(parseTrialConfig({ data: { numTasks: 7 } }))).not.toBe(trialHash(base));
  });
});
