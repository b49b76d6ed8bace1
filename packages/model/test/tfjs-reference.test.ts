import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors, type Tensor } from '@clusterlens/schema';
import {
  initReference,
  referenceForward,
  referenceLossAndGrads,
  type ReferenceConfig,
  type ReferenceForward,
  type ReferenceLossAndGrads,
} from './reference/tfjs-gpt.js';
import { relativeErrorNorm } from './support/compare.js';
import { asFloat32, asInt32, HF_TINY_DIR, hfExpected } from './support/hf-fixture.js';

const RELATIVE_TOLERANCE = 1e-4;
const LOSS_TOLERANCE = 1e-5;

interface Meta {
  config: {
    n_layer: number;
    n_head: number;
    n_embd: number;
    n_positions: number;
    vocab_size: number;
    batch: number;
    layer_norm_epsilon: number;
  };
  param_names: string[];
}

/** Read at collection time so that each hidden state and gradient gets its own named test. */
const META = JSON.parse(readFileSync(path.join(HF_TINY_DIR, 'meta.json'), 'utf8')) as Meta;
const BLOCK_INDICES = Array.from({ length: META.config.n_layer }, (_, i) => i);

interface Fixture {
  config: ReferenceConfig;
  batch: number;
  params: Map<string, Float32Array>;
  expected: Map<string, Tensor>;
  tokens: Int32Array;
  labels: Int32Array;
}

let fixture: Fixture;
let forward: ReferenceForward;
let training: ReferenceLossAndGrads;

async function loadFixture(): Promise<Fixture> {
  const model = await readSafetensors(path.join(HF_TINY_DIR, 'model.safetensors'));
  const expected = await hfExpected();
  const params = new Map([...model.tensors].map(([name, tensor]) => [name, asFloat32(tensor, name)]));
  return {
    config: {
      nLayer: META.config.n_layer,
      nHead: META.config.n_head,
      nEmbd: META.config.n_embd,
      nPositions: META.config.n_positions,
      vocabSize: META.config.vocab_size,
      layerNormEps: META.config.layer_norm_epsilon,
    },
    batch: META.config.batch,
    params,
    expected,
    tokens: asInt32(expected.get('input_ids'), 'input_ids'),
    labels: asInt32(expected.get('labels'), 'labels'),
  };
}

const expectedF32 = (name: string): Float32Array => asFloat32(fixture.expected.get(name), name);

beforeAll(async () => {
  await initReference();
  fixture = await loadFixture();
  forward = referenceForward(fixture.config, fixture.params, fixture.tokens, fixture.batch);
  training = referenceLossAndGrads(fixture.config, fixture.params, fixture.tokens, fixture.labels, fixture.batch);
});

describe('TensorFlow.js GPT-2 reference against Hugging Face transformers', () => {
  it('matches the logits', () => {
    expect(relativeErrorNorm(forward.logits, expectedF32('logits'))).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
  });

  it('returns nLayer + 1 hidden states', () => {
    expect(forward.hidden).toHaveLength(fixture.config.nLayer + 1);
  });

  it.each(BLOCK_INDICES)('matches hidden_states.%i (embeddings for 0, else the output of the block before)', (i) => {
    expect(relativeErrorNorm(forward.hidden[i], expectedF32(`hidden_states.${i}`))).toBeLessThanOrEqual(
      RELATIVE_TOLERANCE,
    );
  });

  it('matches the last block output before ln_f', () => {
    const last = forward.hidden[fixture.config.nLayer];
    expect(relativeErrorNorm(last, expectedF32('last_block_out'))).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
  });

  it('matches the final hidden state, which has ln_f applied', () => {
    const name = `hidden_states.${fixture.config.nLayer}`;
    expect(relativeErrorNorm(forward.lnFinal, expectedF32(name))).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
  });

  it('matches the shifted, -100-masked mean cross-entropy loss', () => {
    expect(Math.abs(training.loss - expectedF32('loss')[0])).toBeLessThanOrEqual(LOSS_TOLERANCE);
  });

  it('returns a gradient for every parameter and nothing else', () => {
    expect([...training.grads.keys()].sort()).toEqual([...META.param_names].sort());
  });

  it.each(META.param_names)('matches the gradient of %s', (name) => {
    expect(relativeErrorNorm(training.grads.get(name)!, expectedF32(`grad.${name}`))).toBeLessThanOrEqual(
      RELATIVE_TOLERANCE,
    );
  });

  it('does not leak tensors across repeated calls', () => {
    const before = tf.memory().numTensors;
    referenceForward(fixture.config, fixture.params, fixture.tokens, fixture.batch);
    referenceLossAndGrads(fixture.config, fixture.params, fixture.tokens, fixture.labels, fixture.batch);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is deterministic across calls', () => {
    const again = referenceLossAndGrads(fixture.config, fixture.params, fixture.tokens, fixture.labels, fixture.batch);
    expect(again.loss).toBe(training.loss);
    expect(again.grads.get('transformer.wte.weight')).toEqual(training.grads.get('transformer.wte.weight'));
  });
});

describe('TensorFlow.js GPT-2 reference input checks', () => {
  it('rejects an untied LM head parameter', () => {
    const params = new Map(fixture.params).set('lm_head.weight', new Float32Array(40 * 32));
    expect(() => referenceForward(fixture.config, params, fixture.tokens, fixture.batch)).toThrow(
      /unexpected parameters .*lm_head\.weight/,
    );
  });

  it('rejects a token outside the vocabulary', () => {
    const tokens = Int32Array.from(fixture.tokens);
    tokens[5] = fixture.config.vocabSize;
    expect(() => referenceForward(fixture.config, fixture.params, tokens, fixture.batch)).toThrow(
      /token 40 at index 5 is outside \[0, 40\)/,
    );
  });

  it('rejects labels that are all ignored', () => {
    const labels = new Int32Array(fixture.labels.length).fill(-100);
    expect(() =>
      referenceLossAndGrads(fixture.config, fixture.params, fixture.tokens, labels, fixture.batch),
    ).toThrow(/every shifted label is -100/);
  });
});
