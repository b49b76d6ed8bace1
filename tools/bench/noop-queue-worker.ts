// A queue worker process for the Redis overhead bench: runs the no-op trial module given on the command line.
import { registerTrialFunction, runQueueWorker } from '@clusterlens/sweep';

const [url, module, queue] = process.argv.slice(2);
registerTrialFunction('bench-noop', { module, export: 'noop', codeVersion: 'bench' });
const stop = new AbortController();
process.on('SIGTERM', () => stop.abort());
await runQueueWorker({ url, queue, concurrency: 2, threadsPerTrial: 1, workdir: `${process.env.TMPDIR ?? '/tmp'}/clusterlens-bench-worker`, signal: stop.signal });
