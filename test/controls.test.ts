// The protocol's controls (docs/PROTOCOL.md section 7) on real trials: the positive control, the three negative
// controls and C3's memorisation control, each over several seeds with suites drawn per seed, judged by the report's
// own verdict rules: the positive control is supported on each of C1-C4, and each other control fails the claim it
// controls, for the reason it controls. Verdicts are t-tests across seeds with Holm's correction, so no single seed's
// value decides; the measurements next to each test show the margins.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { assessClaims, type ClaimId, type ClaimResult, type Finding } from '@clusterlens/report';

import { runCli } from './support/cli.js';
import { FOUR_SEED_CONTROLS_SPEC, TEN_SEED_CONTROLS_SPEC } from './support/controls-spec.js';

let claims: ClaimResult[];

// One controls sweep run in `work`, and its claims. C4's effect size at this scale is 0.1 (the protocol's default, 0.2,
// is the full-scale one).
async function sweepClaims(work: string, name: string, spec: string): Promise<ClaimResult[]> {
  await writeFile(join(work, `${name}.yaml`), spec);
  const args = ['sweep', 'run', `${name}.yaml`, '--out', name, '--concurrency', '2', '--threads', '1', '--no-progress'];
  const sweep = runCli(args, { cwd: work, timeoutMs: 600_000 });
  if (sweep.status !== 0) throw new Error(`the ${name} sweep failed:\n${sweep.stdout}\n${sweep.stderr}`);
  return assessClaims(join(work, name), { seed: 1, nResamples: 999, thresholds: { c4MinGap: 0.1 } });
}

beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'clusterlens-controls-'));
  const tenSeeds = await sweepClaims(work, 'ten-seeds', TEN_SEED_CONTROLS_SPEC);
  claims = [...tenSeeds, ...(await sweepClaims(work, 'four-seeds', FOUR_SEED_CONTROLS_SPEC))];
}, 900_000);

/** A claim's verdict for one condition, from whichever sweep ran it. */
function verdict(id: ClaimId, condition: string): string {
  const found = claims.filter((c) => c.id === id).flatMap((c) => c.verdicts).find((v) => v.condition === condition);
  if (!found) throw new Error(`no ${id} verdict for ${condition}`);
  return found.verdict;
}

/** One finding of a claim (a condition and a scope, e.g. a split), from whichever sweep ran it. */
function finding(id: ClaimId, condition: string, scope: string): Finding {
  const findings = claims.filter((c) => c.id === id).flatMap((c) => c.findings);
  const found = findings.find((f) => f.condition === condition && f.scope.startsWith(scope));
  if (!found) throw new Error(`no ${id} finding for ${condition} ${scope}`);
  return found;
}

// Measured (10 seeds, 2026-11-30) in five draws, seeds 0-9 (what CI runs), 10-19, 20-29, 30-39 and 40-49: every claim
// supported in each. Train top-layer ARI rises by +0.72 to +0.84 and changes by at most 0.013 over the last quarter
// (Holm p <= 0.008); over layers 1..3 the slope is +0.085 to +0.126 per layer on train (Holm p at most 0.031 with
// layer 3 - layer 1); validation keeps 0.85-0.90 of the train rise (Holm p at most 0.0005 against 0.67) with curves
// correlating at 0.995-0.999; the within-task gap is +0.28 to +0.34 on validation and +0.33 to +0.38 on the unseen
// distribution. The nearest to its threshold: C4 on validation at seeds 0-9, +0.28 [0.08, 0.47] against 0.1, Holm p
// 0.036. The engine gives the same bits on every x86-64 machine (docs/PERFORMANCE.md), so these seeds give these
// numbers everywhere; a change to the engine's arithmetic draws other models, and this test then says whether the
// controls still hold.
describe('the positive control (loss on the answer, probe at SEP, shared instruction words)', () => {
  it('C1: top-layer ARI rises and saturates on train and on validation', () => {
    expect(verdict('C1', 'positive')).toBe('supported');
  });

  it('C2: final ARI increases with depth over layers 1..3, on train and on validation', () => {
    expect(verdict('C2', 'positive')).toBe('supported');
  });

  it("C3: the validation curve has the training curve's shape and keeps most of its rise", () => {
    expect(verdict('C3', 'positive')).toBe('supported');
  });

  it('C4: unseen instances in their task cluster are answered better by more than 0.1, on both unseen splits', () => {
    expect(verdict('C4', 'positive')).toBe('supported');
    // Most seeds carry the verdict: a seed whose instances all land in their clusters has no gap and is left out (one
    // in the 50 seeds measured), a few such seeds would leave the test to the rest.
    for (const split of ['validation', 'unseen-distribution']) {
      const gap = finding('C4', 'positive', split).statistics.find((s) => s.statistic.startsWith('within-task gap'));
      expect(gap?.n).toBeGreaterThanOrEqual(8);
    }
  });
});

// Measured (4 seeds, 2026-11-30): loss on every token, top-layer ARI at SEP ends at 0.20 (rise +0.14 [-0.04, 0.32]),
// and landing in one's task cluster goes with no better answers: within-task gaps -0.02 to +0.02 on validation and
// +0.01 to +0.06 on the unseen distribution in four draws (seeds 0-3, 4-7, 8-11, 12-15), Holm p 1.000 against 0.1 in
// each;
// lexical instruction words put layers 1-3 at 0.99-1.00 with no trend (slope -0.003 [-0.012, 0.006]) while C1 holds
// (rise +0.93, Holm p < 0.0001): the control fails C2 for want of a depth effect, not of power; at ANS top-layer ARI
// ends at 0.16 (rise +0.10 [0.01, 0.18]).
describe('the negative controls', () => {
  it('loss on every token: C1 (clusters rising at SEP) is not supported', () => {
    expect(verdict('C1', 'loss-all')).toBe('not supported');
  });

  it('loss on every token: C4 (in-cluster instances answered better) is not supported, on either unseen split', () => {
    expect(verdict('C4', 'loss-all')).toBe('not supported');
    for (const split of ['validation', 'unseen-distribution']) expect(holds(finding('C4', 'loss-all', split), 'within-task gap')).toBe(false);
  });

  it('task-specific instruction words: C2 (clustering grows with depth) is not supported, though C1 is', () => {
    expect(verdict('C2', 'lexical')).toBe('not supported');
    expect(verdict('C1', 'lexical')).toBe('supported');
  });

  it('probe at ANS: C1 (clusters by task rising) is not supported', () => {
    expect(verdict('C1', 'ans')).toBe('not supported');
  });
});

/** Whether the comparison of a finding whose hypothesis starts with `hypothesis` is significant after Holm. */
function holds(found: Finding, hypothesis: string): boolean {
  const comparison = found.comparisons.find((c) => c.hypothesis.startsWith(hypothesis));
  if (!comparison) throw new Error(`no comparison '${hypothesis}' in ${found.condition} ${found.scope}: ${found.text}`);
  return comparison.holmPValue !== null && comparison.holmPValue < 0.05;
}

// Measured (10 seeds, 2026-11-30) in four draws, seeds 0-9 (what CI runs), 10-19, 20-29 and 30-39: with 2 trained
// instruction samples per distribution, train top-layer ARI rises by +0.45 to +0.60 (Holm p at most 0.005), and
// validation keeps 0.73, 0.68, 0.60 and 0.62 of that rise (Holm p against 0.67: 0.22, 0.42, 0.78, 0.74); C3 is partly
// or not supported in each. Resampling 10 of those 40 seeds, the level comparison held in 3.5% of subsets, the train
// rise failed in 2%. With 3 samples validation keeps 0.73, with 4 0.81 (supported), with 10 (the positive control)
// 0.85-0.90.
describe("C3's memorisation control (2 trained instruction samples per distribution)", () => {
  it('C3 is not supported: training clusters form, but new instruction samples keep too little of them', () => {
    expect(verdict('C3', 'memorised')).not.toBe('supported');
    const found = finding('C3', 'memorised', 'validation');
    expect(holds(found, 'train rise')).toBe(true);
    expect(holds(found, 'validation rise')).toBe(false);
  });
});
