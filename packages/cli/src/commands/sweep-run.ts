// clusterlens sweep run <spec.yaml>: every trial not yet done, on this machine, with live progress.
import { join, resolve } from 'node:path';

import { STORE_FILE } from '@clusterlens/schema';
import { RedisExecutor, redactRedisUrl, runSweep, type Executor } from '@clusterlens/sweep';

import type { LocalRunFlags } from './local-run-options.js';
import { redisTarget, type RedisFlags } from './redis-options.js';

import { SweepProgressDisplay } from './sweep-progress.js';
import { planSpec, readSpec, registerClusterlensTrial } from './sweep-trials.js';

export interface SweepRunOptions extends RedisFlags, LocalRunFlags {
  out?: string;
}

export async function sweepRunCommand(specFile: string, options: SweepRunOptions): Promise<number> {
  registerClusterlensTrial();
  const spec = await readSpec(specFile);
  planSpec(spec, specFile); // errors name the spec file before anything starts
  const dir = resolve(options.out ?? join('runs', spec.name));
  const redis = redisTarget(options, false);
  let executor: Executor | undefined;
  if (redis) {
    executor = await RedisExecutor.connect({ ...redis, queue: options.queue, trialFunction: spec.trial });
    process.stderr.write(`enqueuing on '${options.queue}' at ${redactRedisUrl(redis.url)}; start workers with: clusterlens worker --redis --queue ${options.queue}\n`);
  }

  const display = options.progress ? new SweepProgressDisplay() : undefined;
  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(130); // a second Ctrl-C does not wait for the checkpoints
    process.stderr.write('\nstopping: running trials save a checkpoint first (Ctrl-C again to quit at once)...\n');
    abort.abort(new Error('stopped by Ctrl-C'));
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await runSweep(spec, {
      dir,
      executor,
      concurrency: options.concurrency,
      threadsPerTrial: options.threads,
      oversubscribe: options.oversubscribe,
      signal: abort.signal,
      onProgress: (p) => display?.update(p),
      onEvent: (e) => display?.event(e),
    });
    display?.stop();
    const lines = [
      `${result.done} trial${result.done === 1 ? '' : 's'} done in ${result.seconds.toFixed(1)} s` +
        (result.skipped > 0 ? `, ${result.skipped} already done before` : '') +
        (result.failed > 0 ? `, ${result.failed} failed` : '') +
        ` (${result.total} in the sweep)`,
      ...result.failures.map((f) => `  failed ${f.id} ${f.label}: ${f.error}`),
      `Results: ${join(dir, STORE_FILE)}; export them with: clusterlens sweep export ${dir} --format parquet`,
    ];
    if (result.interrupted) lines.push(`Stopped. Run the same command to resume: finished trials are kept, stopped ones resume from their checkpoints.`);
    else if (result.failed > 0) lines.push('Run the same command to retry the failed trials (finished ones are not run again).');
    process.stdout.write(`${lines.join('\n')}\n`);
    if (result.interrupted) return 130;
    return result.failed > 0 ? 1 : 0;
  } finally {
    display?.stop();
    process.off('SIGINT', onSigint);
    await executor?.close();
  }
}
