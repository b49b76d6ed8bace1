// Small models and batches shared by the model tests.
import type { GptConfig } from '@clusterlens/native';

export const TINY: GptConfig = { nLayer: 2, nHead: 2, nEmbd: 32, nPositions: 16, vocabSize: 40 };

/** A deterministic batch of token ids and Hugging Face labels (labels = tokens, first label ignored). */
export function tinyBatch(config: GptConfig, batch: number, seqLen: number, seed: number): { tokens: Int32Array; labels: Int32Array } {
  let s = seed * 2654435761 + 1;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 8;
  };
  const tokens = Int32Array.from({ length: batch * seqLen }, () => next() % config.vocabSize);
  const labels = Int32Array.from(tokens, (t, i) => (i % seqLen === 0 ? -100 : t));
  return { tokens, labels };
}

export const bitsOf = (x: Float32Array): Uint32Array => new Uint32Array(x.buffer, x.byteOffset, x.length);
