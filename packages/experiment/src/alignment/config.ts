// The trial config's optional `alignment` section (docs/PROTOCOL.md section 6). A config without it has no alignment
// stage and nothing of it is written into the resolved config, so trial ids of existing configs are unchanged.
import { z } from 'zod';

const int = (min: number) => z.number().int().min(min);

export const ALIGNMENT_METHODS = ['sft', 'dpo'] as const;
export const ALIGNMENT_SELECTIONS = ['random', 'cluster'] as const;

export const alignmentConfigSchema = z.strictObject({
  /** 'sft': supervised fine-tuning on the examples (loss on the output); 'dpo': DPO against the pre-trained model. */
  method: z.enum(ALIGNMENT_METHODS).default('sft'),
  /** 'random': a seeded uniform draw from the candidate pool; 'cluster': every k-means cluster of its states covered. */
  selection: z.enum(ALIGNMENT_SELECTIONS).default('random'),
  /** The number of alignment examples (the fixed budget both selections spend). */
  budget: int(1).default(64),
  /** The candidate pool: at most this many training-split instances, drawn from the seed tree; selections pick from it. */
  pool: int(1).default(512),
  /**
   * The tasks that must answer the refusal: a count, drawn from the trial's `disallowed` seed branch, or a list of
   * task names.
   */
  disallowed: z
    .union([int(1), z.array(z.string().min(1)).min(1)])
    .default(2)
    .refine((value) => typeof value === 'number' || new Set(value).size === value.length, 'a task is named twice'),
  /** Alignment optimiser steps, after the pre-training's last step. */
  steps: int(1).default(200),
  /** Examples per step (DPO: preference pairs per step). */
  batchSize: int(1).default(16),
  /** Peak learning rate of the alignment stage: no warm-up, cosine decay over `steps` (the rest of `optimizer` applies). */
  lr: z.number().positive().default(1e-3),
  /** DPO's beta: how far the policy may move from the reference (ignored by sft). */
  beta: z.number().positive().default(0.1),
  /**
   * A checkpoint of another run to align instead of pre-training here: a trial.safetensors or step-N.safetensors, or a
   * folder holding trial.safetensors (a sweep's trial folder) or checkpoints/trial.safetensors (`clusterlens train
   * --out`). Its config must equal this trial's config without `alignment`.
   */
  from: z.string().min(1).optional(),
});

export type AlignmentConfig = z.output<typeof alignmentConfigSchema>;
