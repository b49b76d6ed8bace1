// clusterlens reproduce [--scale small|full]: runs the paper's sweeps (examples/paper/<scale>/), reports each, and
// writes one document of every claim's statistics, intervals and verdicts (REPRODUCTION.md). Resumable: the sweeps
// resume as `clusterlens sweep run` does, and finished sweeps are only reported again.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, arch, platform } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';

import { renderReproductionMarkdown, figuresForClaims, readTrials, writeReport, type ClaimId, type ReproductionSweep } from '@clusterlens/report';
import { STORE_FILE, UserError } from '@clusterlens/schema';

import { shownPath } from '../shown-path.js';
import { cliVersion } from '../version.js';
import type { LocalRunFlags } from './local-run-options.js';
import type { RedisFlags } from './redis-options.js';
import { sweepRunCommand } from './sweep-run.js';
import { planSpec, readSpec, registerClusterlensTrial } from './sweep-trials.js';

/** The reproduction's sweeps, in the order they run, and the claims each is run for (PROTOCOL section 7). */
export const PAPER_SWEEPS: readonly { file: string; claims: readonly ClaimId[] }[] = [
  // C1-C4 are statements about the same trained models: one sweep of the positive control speaks to all four.
  { file: 'dynamics.yaml', claims: ['C1', 'C2', 'C3', 'C4'] },
  { file: 'natural.yaml', claims: ['C5'] },
  { file: 'pretraining.yaml', claims: ['C6'] },
  { file: 'alignment.yaml', claims: ['C7'] },
];

export const PAPER_SCALES = ['small', 'full'] as const;

/** The document's figures sit in this folder next to it. */
const FIGURES_FOLDER = 'reproduction-figures';
const DOCUMENT = 'REPRODUCTION.md';
/** Wall time per sweep, summed over the runs of the command that worked on it. */
const TIMINGS = 'timings.json';

export interface ReproduceOptions extends RedisFlags, LocalRunFlags {
  scale: string;
  specs: string;
  out?: string;
  /** Also write the document to this file, its figures copied next to it. */
  docs?: string;
}

function machineDescription(): string {
  const cores = cpus();
  return `${cores[0]?.model.trim() ?? 'unknown CPU'}, ${cores.length} hardware threads, ${platform()} ${arch()}`;
}

async function readTimings(file: string): Promise<Record<string, number>> {
  return existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as Record<string, number>) : {};
}

/** Copies the figures that illustrate `claims` into `<dir>/reproduction-figures/`; returns their paths relative to dir. */
async function copyClaimFigures(figureFiles: readonly string[], sweep: string, claims: readonly ClaimId[], dir: string) {
  const byName = new Map(figureFiles.map((file) => [basename(file), file]));
  const perClaim = figuresForClaims([...byName.keys()]);
  const figures: Partial<Record<ClaimId, string[]>> = {};
  await mkdir(join(dir, FIGURES_FOLDER), { recursive: true });
  for (const claim of claims) {
    figures[claim] = [];
    for (const name of perClaim[claim]) {
      const target = `${FIGURES_FOLDER}/${sweep}-${name}`;
      await copyFile(byName.get(name)!, join(dir, target));
      figures[claim]!.push(target);
    }
  }
  return figures;
}

export async function reproduceCommand(options: ReproduceOptions): Promise<number> {
  if (!(PAPER_SCALES as readonly string[]).includes(options.scale)) {
    throw new UserError(`--scale: expected one of ${PAPER_SCALES.join(', ')}, got '${options.scale}'`);
  }
  const specDir = resolve(options.specs, options.scale);
  const missing = PAPER_SWEEPS.map((s) => join(specDir, s.file)).filter((file) => !existsSync(file));
  if (missing.length > 0) {
    const names = missing.map((file) => basename(file)).join(', ');
    throw new UserError(`--specs: ${names} not found in ${specDir}; point --specs at the repository's examples/paper folder`);
  }
  registerClusterlensTrial();
  // Every spec is read and planned before anything runs, so a bad one stops the reproduction at once.
  const specs = await Promise.all(PAPER_SWEEPS.map(async (s) => ({ ...s, path: join(specDir, s.file), spec: await readSpec(join(specDir, s.file)) })));
  for (const s of specs) planSpec(s.spec, s.path);

  const out = resolve(options.out ?? join('runs', `paper-${options.scale}`));
  await mkdir(out, { recursive: true });
  const timingsFile = join(out, TIMINGS);
  const sweeps: ReproductionSweep[] = [];
  for (const s of specs) {
    const name = s.spec.name;
    const dir = join(out, name);
    process.stderr.write(`\n== ${name} (${s.claims.join(', ')}): ${relative(process.cwd(), s.path)}\n`);
    const started = performance.now();
    const { concurrency, threads, oversubscribe, progress, redis, redisCa, queue } = options;
    const code = await sweepRunCommand(s.path, { out: dir, concurrency, threads, oversubscribe, progress, redis, redisCa, queue });
    const timings = await readTimings(timingsFile);
    timings[name] = (timings[name] ?? 0) + (performance.now() - started) / 1000;
    await writeFile(timingsFile, `${JSON.stringify(timings, null, 2)}\n`);
    if (code !== 0) {
      process.stderr.write(`The sweep ${name} did not finish; run the same command to resume the reproduction.\n`);
      return code;
    }
    const report = await writeReport(dir, { seed: 0 });
    sweeps.push({
      name,
      spec: shownPath(s.path),
      claims: s.claims,
      results: report.claims,
      figures: await copyClaimFigures(report.figures, name, s.claims, out),
      seconds: timings[name],
      trials: (await readTrials(join(dir, STORE_FILE))).length,
    });
  }

  const document = renderReproductionMarkdown({
    scale: options.scale,
    date: new Date().toISOString().slice(0, 10),
    machine: machineDescription(),
    clusterlensVersion: cliVersion(),
    concurrency: options.concurrency ?? Math.max(...specs.map((s) => s.spec.concurrency ?? 1)),
    threadsPerTrial: options.threads ?? Math.max(...specs.map((s) => s.spec.threadsPerTrial ?? 1)),
    sweeps,
  });
  await writeFile(join(out, DOCUMENT), document);
  const written = [join(out, DOCUMENT)];
  if (options.docs) {
    const docsDir = dirname(resolve(options.docs));
    await mkdir(join(docsDir, FIGURES_FOLDER), { recursive: true });
    for (const file of sweeps.flatMap((s) => Object.values(s.figures).flat())) await copyFile(join(out, file), join(docsDir, file));
    await writeFile(resolve(options.docs), document);
    written.push(resolve(options.docs));
  }
  process.stdout.write(`Reproduction: ${written.map(shownPath).join(', ')}\n`);
  return 0;
}
