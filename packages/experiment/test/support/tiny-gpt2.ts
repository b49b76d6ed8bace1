// A Hugging Face GPT-2 directory small enough to write in a test: GPT-2's full 50,257-token vocabulary, so the
// natural suite with `vocabulary: gpt2` runs on it, but 2 blocks of width 16, so it loads and trains in moments.
import { Gpt } from '@clusterlens/model';

export const TINY_GPT2 = { nLayer: 2, nHead: 2, nEmbd: 16, nPositions: 48, vocabSize: 50257, layerNormEps: 1e-5 } as const;

/** Writes a tiny GPT-2 initialised from `seed` to `dir` (config.json + model.safetensors). */
export async function writeTinyGpt2(dir: string, seed: number): Promise<void> {
  const gpt = await Gpt.create(TINY_GPT2, { seed });
  try {
    await gpt.saveHuggingFace(dir);
  } finally {
    gpt.dispose();
  }
}

/** A probe-only trial (training.steps 0) of a pre-trained model on the natural suite, scaled down. */
export function probeOnlyTrial(from: string) {
  return {
    seed: 1,
    init: { from },
    data: { kind: 'natural', vocabulary: 'gpt2' },
    training: { steps: 0, batchSize: 4 },
    evaluation: { every: 1, early: 0, instancesPerSplit: 24, splits: ['train', 'validation'], kmeans: { nInit: 1 } },
  };
}
