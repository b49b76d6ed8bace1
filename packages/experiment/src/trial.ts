// runTrial: one trial from its config: trained and probed (train-trial.ts), then aligned when the config has an
// alignment stage (alignment/run.ts).
import { runAlignmentTrial } from './alignment/run.js';
import { parseTrialConfig, type TrialConfig } from './config.js';
import { trainTrial } from './train-trial.js';
import type { TrialContext, TrialResult } from './trial-context.js';

export { TrialAbortedError, trialHash, type TrialContext, type TrialProgress, type TrialResult } from './trial-context.js';

export async function runTrial(input: TrialConfig | unknown, ctx: TrialContext = {}): Promise<TrialResult> {
  const config = parseTrialConfig(input);
  return config.alignment ? runAlignmentTrial(config, ctx) : trainTrial(config, ctx);
}
