// Entry point for `npm run bench`: runs the registered benchmarks in order.
//   npm run bench                           every benchmark
//   npm run bench -- --only train-throughput  one of them
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { benchKmeans } from './kmeans.js';
import { benchNaturalVocabulary } from './natural-vocabulary.js';
import { benchPeakMemory } from './peak-memory.js';
import { benchSweepOverhead } from './sweep-overhead.js';
import { benchSweepRedisOverhead } from './sweep-redis-overhead.js';
import { benchTrainThroughput } from './train-throughput.js';

interface Benchmark {
  name: string;
  description: string;
  run: () => Promise<void>;
}

// New benchmarks (k-means, sweep overhead, ...) register here; they run in this order.
const BENCHMARKS: readonly Benchmark[] = [
  {
    name: 'train-throughput',
    description: 'GPT-2 training tokens/s, native engine vs PyTorch reference',
    run: benchTrainThroughput,
  },
  {
    name: 'peak-memory',
    description: 'peak resident memory of a default trial against parameters + gradients + optimizer + activations',
    run: benchPeakMemory,
  },
  {
    name: 'kmeans',
    description: 'k-means on 100,000 x 128 points, k = 8: ms per iteration, native vs ml-kmeans',
    run: benchKmeans,
  },
  {
    name: 'natural-vocabulary',
    description: 'examples/natural-trial.yaml: ms per training step, compact vocabulary vs GPT-2\'s 50,257 tokens',
    run: benchNaturalVocabulary,
  },
  {
    name: 'sweep-overhead',
    description: '1000 no-op trials through the sweep coordinator and local pool: trials/s',
    run: benchSweepOverhead,
  },
  {
    name: 'sweep-redis-overhead',
    description: '1000 no-op trials through Redis (BullMQ) with two worker processes: trials/s',
    run: benchSweepRedisOverhead,
  },
];

function usage(): string {
  const names = BENCHMARKS.map((b) => `  ${b.name.padEnd(20)} ${b.description}`).join('\n');
  return `usage: npm run bench [-- --only <name>]\n\nbenchmarks:\n${names}`;
}

function selectBenchmarks(argv: string[]): readonly Benchmark[] {
  const { values } = parseArgs({
    args: argv,
    options: { only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(usage());
    process.exit(0);
  }
  if (values.only === undefined) return BENCHMARKS;
  const chosen = BENCHMARKS.filter((b) => b.name === values.only);
  if (chosen.length === 0) {
    console.error(`unknown benchmark "${values.only}"\n\n${usage()}`);
    process.exit(2);
  }
  return chosen;
}

// Numbers only mean something next to the machine that produced them.
function printMachineHeader(): void {
  const cpus = os.cpus();
  const cpuModel = cpus[0]?.model.trim() ?? 'unknown CPU';
  const memGiB = (os.totalmem() / 2 ** 30).toFixed(0);
  console.log(`machine: ${cpuModel}, ${os.availableParallelism()} cores, ${memGiB} GiB`);
  console.log(`node ${process.version} on ${process.platform}-${process.arch}`);
}

async function main(): Promise<void> {
  let selected: readonly Benchmark[];
  try {
    selected = selectBenchmarks(process.argv.slice(2));
  } catch (error) {
    // parseArgs throws on unknown flags; show usage instead of a stack trace.
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage()}`);
    process.exit(2);
  }
  printMachineHeader();

  const failed: string[] = [];
  for (const bench of selected) {
    console.log(`\n== ${bench.name} ==`);
    const start = performance.now();
    try {
      await bench.run();
    } catch (error) {
      // Keep going: one broken benchmark should not hide the others' numbers.
      console.error(`${bench.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      failed.push(bench.name);
    }
    console.log(`(${bench.name}: ${((performance.now() - start) / 1000).toFixed(1)} s)`);
  }
  if (failed.length > 0) {
    console.error(`\nfailed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
