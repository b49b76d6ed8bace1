// Direct Preference Optimization (Rafailov et al. 2023) over the engine's per-position logprobs: the loss and its
// per-position gradient are computed here, the engine runs one forward and one backward pass of the policy per step
// (Gpt.step's objective) and one forward pass of the frozen reference model. Conventions as TRL 1.13's
// DPOTrainer._compute_loss with loss_type "sigmoid": the completion mask shifted by one against the logits, sequence
// logprobs summed over completion tokens, the batch as [chosen; rejected], the loss a mean over pairs.
import { shiftLabels, type Gpt } from '@clusterlens/model';

/**
 * P preference pairs: rows 0..P-1 of tokens are the chosen sequences, rows P..2P-1 the rejected ones, same prompt
 * per pair; labels are Hugging Face labels (B=2P rows x T), -100 outside the response tokens being compared.
 */
export interface PreferenceBatch {
  tokens: Int32Array;
  labels: Int32Array;
  pairs: number;
  /**
   * The frozen reference model's logprobs of this batch (2P*T, `dpoReferenceLogprobs`), when computed once ahead
   * (TRL's precompute_ref_log_probs); absent, `dpoStep` runs the reference model's forward pass itself.
   */
  referenceLogprobs?: Float32Array;
}

/** What one DPO loss evaluation reports, over the batch's pairs. */
export interface DpoStats {
  /** mean over pairs of -log sigmoid(margin). */
  loss: number;
  /** mean over pairs of margin = beta * ((pi_c - ref_c) - (pi_r - ref_r)): chosen minus rejected implicit reward. */
  rewardMargin: number;
  /** The share of pairs with a positive margin. */
  accuracy: number;
}

/**
 * DPO loss (mean over pairs of -log sigmoid(beta * ((pi_c - ref_c) - (pi_r - ref_r))), sequence logprobs summed over
 * response tokens) and d loss / d logprob per position, from per-position logprobs (2P*T) of policy and reference.
 * Logprobs follow the engine's layout: position t holds log p(labels[t+1]), so a row's response tokens are read at
 * the positions shiftLabels marks. Sums and the loss are taken in float64; `policy` and `reference` may be float64.
 */
export function dpoLoss(
  policy: ArrayLike<number>,
  reference: ArrayLike<number>,
  labels: Int32Array,
  pairs: number,
  beta: number,
): DpoStats & { logprobGrad: Float32Array } {
  checkBeta(beta);
  const rows = checkRows(labels.length, pairs, 'labels');
  if (policy.length !== labels.length) {
    throw new RangeError(`policy: ${policy.length} logprobs for ${labels.length} labels; pass the policy's logprobs of this batch (2*pairs x T)`);
  }
  if (reference.length !== labels.length) {
    throw new RangeError(`reference: ${reference.length} logprobs for ${labels.length} labels; pass the reference model's logprobs of this batch (2*pairs x T)`);
  }
  const { targets } = shiftLabels(labels, rows);
  const T = labels.length / rows;
  // Per row, sum over response positions of log pi - log ref: the log ratio of the sequence's probabilities.
  const logRatio = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    let responses = 0;
    for (let i = row * T; i < (row + 1) * T; i++) {
      if (targets[i] < 0) continue;
      logRatio[row] += policy[i] - reference[i];
      responses++;
    }
    if (responses === 0) {
      throw new RangeError(
        `labels: row ${row} (pair ${row % pairs}'s ${row < pairs ? 'chosen' : 'rejected'} sequence) has no response token ` +
          '(every label after the first is -100); label at least one response token of each sequence',
      );
    }
  }
  // margin z = beta * (ratio_c - ratio_r); loss = mean softplus(-z); d loss / d z = -sigmoid(-z) / P.
  let loss = 0;
  let marginSum = 0;
  let positive = 0;
  const rowGrad = new Float64Array(rows);
  for (let p = 0; p < pairs; p++) {
    const margin = beta * (logRatio[p] - logRatio[pairs + p]);
    loss += softplus(-margin);
    marginSum += margin;
    if (margin > 0) positive++;
    const dMargin = -sigmoid(-margin) / pairs;
    rowGrad[p] = beta * dMargin;
    rowGrad[pairs + p] = -beta * dMargin;
  }
  const logprobGrad = Float32Array.from(targets, (target, i) => (target < 0 ? 0 : rowGrad[Math.floor(i / T)]));
  return { loss: loss / pairs, rewardMargin: marginSum / pairs, accuracy: positive / pairs, logprobGrad };
}

/**
 * One DPO step of `policy` against the frozen `reference` on a batch; returns the DPO loss and statistics, measured
 * before the update (the policy's optimizer settings, e.g. lr and gradClip, apply). `reference` is only read.
 */
export async function dpoStep(policy: Gpt, reference: Gpt, batch: PreferenceBatch, beta: number): Promise<DpoStats> {
  checkBeta(beta);
  const rows = checkRows(batch.labels.length, batch.pairs, 'batch.labels');
  if (batch.tokens.length !== batch.labels.length) {
    throw new RangeError(`batch.tokens: ${batch.tokens.length} tokens for ${batch.labels.length} labels; give one label per token`);
  }
  if (batch.referenceLogprobs && batch.referenceLogprobs.length !== batch.labels.length) {
    throw new RangeError(
      `batch.referenceLogprobs: ${batch.referenceLogprobs.length} logprobs for ${batch.labels.length} labels; compute them with dpoReferenceLogprobs(reference, batch)`,
    );
  }
  const { tokens, labels, pairs } = batch;
  const frozen = batch.referenceLogprobs ?? (await dpoReferenceLogprobs(reference, batch));
  let stats: DpoStats | undefined;
  await policy.step(tokens, labels, {
    batch: rows,
    objective: {
      compute: ({ logprobs }) => {
        const { logprobGrad, ...measured } = dpoLoss(logprobs, frozen, labels, pairs, beta);
        stats = measured;
        return { loss: measured.loss, logprobGrad };
      },
    },
  });
  return stats!;
}

/** The reference model's per-position logprobs of a batch (2P*T), for `PreferenceBatch.referenceLogprobs`. */
export async function dpoReferenceLogprobs(reference: Gpt, batch: PreferenceBatch): Promise<Float32Array> {
  const rows = checkRows(batch.labels.length, batch.pairs, 'batch.labels');
  return (await reference.forward(batch.tokens, { batch: rows, labels: batch.labels })).logprobs!;
}

function checkBeta(beta: number): void {
  if (!(Number.isFinite(beta) && beta > 0)) {
    throw new RangeError(`beta: ${beta} is not a positive number; DPO's beta scales the implicit reward, e.g. 0.1`);
  }
}

/** The number of rows (2 * pairs), checked against the labels' length. */
function checkRows(length: number, pairs: number, field: string): number {
  if (!(Number.isInteger(pairs) && pairs >= 1)) {
    throw new RangeError(`pairs: ${pairs} is not a positive integer; give the number of preference pairs in the batch`);
  }
  const rows = 2 * pairs;
  if (length === 0 || length % rows !== 0) {
    throw new RangeError(
      `${field}: length ${length} is not 2*pairs = ${rows} rows of equal length; stack the ${pairs} chosen rows, then the ${pairs} rejected rows`,
    );
  }
  return rows;
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
/** log(1 + e^x), without overflow for large x. */
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
