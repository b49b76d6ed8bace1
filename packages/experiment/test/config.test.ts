import { describe, expect, it } from 'vitest';

import { ConfigError, parseTrialConfig, parseTrialYaml } from '@clusterlens/experiment';

describe('trial config', () => {
  it('defaults follow PROTOCOL sections 2 and 3', () => {
    const config = parseTrialConfig({});
    expect(config.model).toEqual({ nLayer: 5, nHead: 4, nEmbd: 128, layerNormEps: 1e-5 });
    expect(config.optimizer).toMatchObject({ lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, warmupSteps: 100, gradClip: 1 });
    expect(config.training).toEqual({ steps: 3000, batchSize: 64, loss: 'output' });
    expect(config.evaluation).toMatchObject({ every: 100, instancesPerSplit: 512, kmeans: { nInit: 10, maxIter: 300, tol: 1e-4 }, silhouetteSample: 2000 });
    expect(config.probe).toMatchObject({ position: 'sep', layers: 'all' });
    expect(config.data).toMatchObject({ kind: 'synthetic', numTasks: 8, distributionsPerTask: 4, contextLength: 32 });
  });

  it('an unknown key is rejected with its path', () => {
    expect(() => parseTrialConfig({ model: { nLayers: 3 } })).toThrow(/model: unknown key 'nLayers'/);
  });

  it('threads in a config are refused with where threads are set instead', () => {
    expect(() => parseTrialConfig({ threads: 2 }, 'trial.yaml')).toThrow(/^trial\.yaml: threads: not part of a trial config; .*--threads/);
  });

  it('a user error: never retried', () => {
    expect(() => parseTrialConfig({ model: { nLayer: 0 } })).toThrow(expect.objectContaining({ retryable: false }));
  });

  it('a value of the wrong type is rejected with its path', () => {
    expect(() => parseTrialConfig({ training: { steps: 'many' } })).toThrow(/training\.steps: /);
  });

  it('nHead must divide nEmbd', () => {
    expect(() => parseTrialConfig({ model: { nHead: 5, nEmbd: 128 } })).toThrow(/model\.nHead: 5 does not divide nEmbd 128/);
  });

  it('probe layers must exist in the model', () => {
    expect(() => parseTrialConfig({ model: { nLayer: 2 }, probe: { layers: [0, 3] } })).toThrow(/probe\.layers\[1\]: layer 3 does not exist/);
  });

  it('errors from the task suite keep their path under data', () => {
    expect(() => parseTrialConfig({ data: { kind: 'synthetic', numTasks: 0 } })).toThrow(ConfigError);
    expect(() => parseTrialConfig({ data: { kind: 'synthetic', numTasks: 0 } })).toThrow(/data\.numTasks/);
  });

  it('a data section without kind is a synthetic suite, so --set data.<field> needs no data section', () => {
    const config = parseTrialYaml('seed: 1\n', ['data.numTasks=4']);
    expect(config.data).toMatchObject({ kind: 'synthetic', numTasks: 4 });
  });

  it('--set overrides apply by path and parse as YAML scalars', () => {
    const config = parseTrialYaml('training:\n  steps: 10\n', ['training.steps=20', 'probe.position=ans', 'probe.layers=[0, 2]']);
    expect(config.training.steps).toBe(20);
    expect(config.probe.position).toBe('ans');
    expect(config.probe.layers).toEqual([0, 2]);
  });

  it('an override into a scalar is refused', () => {
    expect(() => parseTrialYaml('seed: 1\n', ['seed.value=2'])).toThrow(/'seed' is not an object/);
  });

  it('invalid YAML names the source', () => {
    expect(() => parseTrialYaml('model: [', [], 'trial.yaml')).toThrow(/trial\.yaml: not valid YAML/);
  });
});
