import { z } from 'zod';

import { checkNaturalConfig } from './check-config.js';
import { NATURAL_TASK_NAMES } from './task-catalog.js';

const count = (min: number) => z.int().min(min);

const resolvedNaturalSchema = z
  .strictObject({
    kind: z.literal('natural'),
    seed: count(0).default(0),
    /** Which tasks of the catalog, in this order; default all of them. */
    tasks: z.array(z.enum(NATURAL_TASK_NAMES)).min(2).optional(),
    samplesPerDistribution: count(1).default(8),
    heldOutSamplesPerDistribution: count(0).default(4),
    heldOutDistributions: count(0).default(1),
    validationFraction: z.number().min(0).max(0.99).default(0.1),
    contextLength: count(1).default(32),
    /** The output text of a refusal (alignment); like every output it is tokenised after a space. */
    refusal: z.string().trim().min(1).default('I cannot answer that.'),
  })
  .transform((config) => ({ ...config, tasks: config.tasks ?? [...NATURAL_TASK_NAMES] }));

export type NaturalSuiteInput = z.input<typeof resolvedNaturalSchema>;
export type NaturalSuiteConfig = z.output<typeof resolvedNaturalSchema>;

/** The natural-language suite of PROTOCOL section 5; defaults in the README. */
export const naturalSuiteSchema = resolvedNaturalSchema.superRefine((config, ctx) => {
  for (const issue of checkNaturalConfig(config)) ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
});
