// The trial config's `training.taskTokens` (docs/PROTOCOL.md section 6): task-identity tokens during an early phase of
// training. Its own module so that the config schema and the trial's use of it (task-tokens.ts) share no cycle.
import { z } from 'zod';

export const taskTokensSchema = z.strictObject({
  /** Share of the training steps, from the first, whose sequences may carry their task's token: steps 1..round(fraction x steps). */
  fraction: z.number().min(0).max(1),
  /** Share of the sequences of those steps that carry it, each drawn from the trial's `task-tokens` branch. */
  probability: z.number().min(0).max(1).default(1),
});

export type TaskTokensConfig = z.output<typeof taskTokensSchema>;

/** Why a config cannot have task tokens, as `[path, message]`; null when it can (or has none). */
export function taskTokensConfigIssue(config: { data: { kind: string }; training: { taskTokens?: TaskTokensConfig } }): [path: (string | number)[], message: string] | null {
  if (config.training.taskTokens === undefined || config.data.kind === 'synthetic') return null;
  return [
    ['training', 'taskTokens'],
    `task tokens are appended to the synthetic suite's vocabulary; data.kind is '${config.data.kind}' (GPT-2 ids): remove training.taskTokens or use data.kind: synthetic`,
  ];
}
