// training.auxiliaryLoss in the trial config: optional, without changing how configs without it resolve and hash,
// and checked against the model's depth and the training's length with messages that name the field.
import { describe, expect, it } from 'vitest';

import { parseTrialConfig, TRIAL_DEFAULTS, trialHash } from '@clusterlens/experiment';
import { DEFAULT_TRIAL_HASH, SMALL_CONFIG as SMALL, SMALL_CONFIG_HASH } from './support/pinned-hashes.js';

const withLoss = (auxiliaryLoss: Record<string, unknown>) => ({ ...SMALL, training: { ...SMALL.training, auxiliaryLoss } });

describe('training.auxiliaryLoss', () => {
  it('leaves configs without it resolved as before: the pinned hashes', () => {
    expect(trialHash(TRIAL_DEFAULTS)).toBe(DEFAULT_TRIAL_HASH);
    expect(trialHash(parseTrialConfig(SMALL))).toBe(SMALL_CONFIG_HASH);
    expect(Object.keys(parseTrialConfig(SMALL).training)).not.toContain('auxiliaryLoss');
  });

  it('writes supcon temperature 0.1 and leaves position and the window absent', () => {
    const { auxiliaryLoss } = parseTrialConfig(withLoss({ kind: 'supcon', weight: 0.5, layer: 2 })).training;
    expect(auxiliaryLoss).toEqual({ kind: 'supcon', weight: 0.5, layer: 2, temperature: 0.1 });
  });

  it('rejects a layer deeper than the model, naming the field and the range', () => {
    expect(() => parseTrialConfig(withLoss({ kind: 'centre', weight: 1, layer: 3 }))).toThrow(
      /training\.auxiliaryLoss\.layer: layer 3 does not exist; the auxiliary loss takes a residual layer 1\.\.2/,
    );
  });

  it('rejects layer 0, the embeddings', () => {
    expect(() => parseTrialConfig(withLoss({ kind: 'centre', weight: 1, layer: 0 }))).toThrow(/training\.auxiliaryLoss\.layer:/);
  });

  it('rejects an untilStep after the last training step', () => {
    expect(() => parseTrialConfig(withLoss({ kind: 'centre', weight: 1, layer: 1, untilStep: 121 }))).toThrow(
      /training\.auxiliaryLoss\.untilStep: step 121 is after the last training step 120/,
    );
  });

  it('rejects a window without a training step', () => {
    expect(() => parseTrialConfig(withLoss({ kind: 'centre', weight: 1, layer: 1, fromStep: 50, untilStep: 50 }))).toThrow(
      /training\.auxiliaryLoss\.fromStep: the window \[50, 50\) holds no training step/,
    );
  });

  it('rejects a temperature on the centre loss, which has none', () => {
    expect(() => parseTrialConfig(withLoss({ kind: 'centre', weight: 1, layer: 1, temperature: 0.1 }))).toThrow(
      /training\.auxiliaryLoss: unknown key 'temperature'/,
    );
  });

  it('rejects an unknown kind, naming the field', () => {
    expect(() => parseTrialConfig(withLoss({ kind: 'triplet', weight: 1, layer: 1 }))).toThrow(/training\.auxiliaryLoss\.kind:/);
  });
});
