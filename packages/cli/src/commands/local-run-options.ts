// The options of commands that run trials on this machine (`sweep run`, `reproduce`): how many at once, threads
// per trial, and the progress display.
import type { Command } from 'commander';

import { positiveInt } from '../int-options.js';

export interface LocalRunFlags {
  concurrency?: number;
  threads?: number;
  oversubscribe?: boolean;
  progress: boolean;
}

/** `whose` names what the flags override, e.g. "the spec's" or "the specs'". */
export function addLocalRunOptions(command: Command, whose: string): Command {
  return command
    .option('-c, --concurrency <n>', `trials at once (overrides ${whose} concurrency)`, positiveInt('--concurrency'))
    .option('-t, --threads <n>', `threads per trial (overrides ${whose} threadsPerTrial)`, positiveInt('--threads'))
    .option('--oversubscribe', 'allow concurrency x threads above the number of cores')
    .option('--no-progress', 'do not show progress on stderr');
}
