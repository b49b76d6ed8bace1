// GptEnsemble: S models of one config trained in lock-step, each on its own batch (a seed sweep's trials). On 'cuda'
// one engine call steps every member side by side on the GPU (CudaEnsemble); on 'cpu' the members step in turn, each
// as it would alone.
import { NativeEnsemble } from '@clusterlens/native';

import { checkDevice, checkPrecision, type Device, type Precision } from './device.js';
import { Gpt, type TrainOptions } from './gpt.js';
import { shiftLabels } from './labels.js';

/** One member's batch: tokens and Hugging Face labels (B*T each), optional per-label weights. */
export interface MemberBatch {
  tokens: Int32Array;
  labels: Int32Array;
  weights?: Float32Array;
}

export class GptEnsemble {
  readonly members: readonly Gpt[];
  readonly device: Device;
  readonly precision: Precision;
  #native: NativeEnsemble | undefined;

  /**
   * An ensemble of `members` (one config, each model once) on `device`. Each member stays a Gpt of its own: its
   * other calls (forward, save) see its newest state, and one that changes it (setParams, a step of its own) takes
   * it out of the ensemble, whose next step then throws. `precision` 'tf32' (tensor cores) needs 'cuda'.
   */
  constructor(members: readonly Gpt[], device: Device, precision: Precision = 'fp32') {
    if (members.length === 0) throw new RangeError('GptEnsemble: no members');
    const [first] = members;
    members.forEach((member, i) => {
      for (const key of ['nLayer', 'nHead', 'nEmbd', 'nPositions', 'vocabSize'] as const) {
        if (member.config[key] !== first.config[key]) {
          throw new RangeError(`GptEnsemble: member ${i} has ${key} ${member.config[key]}, member 0 has ${first.config[key]}; an ensemble's members share one config`);
        }
      }
    });
    this.members = members;
    this.device = checkDevice(device);
    this.precision = checkPrecision(precision, this.device);
    if (this.device === 'cuda') {
      this.#native = new NativeEnsemble(members.map((m) => Gpt.engineOf(m)), { device: 'cuda', tf32: this.precision === 'tf32' });
    }
  }

  /** One AdamW step of every member on its own batch (all of `options.batch` sequences); returns the losses. */
  async step(batches: readonly MemberBatch[], options: Pick<TrainOptions, 'batch'>): Promise<number[]> {
    if (batches.length !== this.members.length) {
      throw new RangeError(`GptEnsemble.step: ${batches.length} batches for ${this.members.length} members`);
    }
    if (!this.#native) {
      const losses: number[] = [];
      for (const [i, member] of this.members.entries()) losses.push(await member.step(batches[i].tokens, batches[i].labels, { ...options, weights: batches[i].weights }));
      return losses;
    }
    const shifted = batches.map((b) => shiftLabels(b.labels, options.batch, b.weights));
    const weighted = shifted.some((s) => s.weights);
    const stats = await this.#native.step(
      concat(batches.map((b) => b.tokens), Int32Array),
      concat(shifted.map((s) => s.targets), Int32Array),
      options.batch,
      weighted ? { weights: concat(shifted.map((s, i) => s.weights ?? new Float32Array(batches[i].tokens.length).fill(1)), Float32Array) } : {},
    );
    stats.forEach((s, i) => (this.members[i].lastStep = s));
    return stats.map((s) => s.loss);
  }

  /** Copies the GPU's state back to every member and frees it (nothing to do on 'cpu'). */
  release(): void {
    this.#native?.release();
    this.#native = undefined;
  }
}

function concat<T extends Int32Array | Float32Array>(parts: readonly T[], Kind: { new (length: number): T }): T {
  const out = new Kind(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
