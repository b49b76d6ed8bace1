// examples/paper/: the reproduction's sweep specs, one per claim group at each scale, every one of which plans
// (schema, task suites, base files) with the number of seeds the protocol asks for.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { PAPER_SCALES, PAPER_SWEEPS } from '../src/commands/reproduce.js';
import { clusterlens } from './support/cli.js';

const PAPER = fileURLToPath(new URL('../../../examples/paper', import.meta.url));

interface PlannedJson {
  config: { seed: number };
}

/** PROTOCOL section 7 and issue's reproduction: at least 5 seeds per claim, 10 for the comparisons C6 and C7. */
const MIN_SEEDS = (claims: readonly string[]) => (claims.some((c) => c === 'C6' || c === 'C7') ? 10 : 5);

describe.each([...PAPER_SCALES])('examples/paper/%s', (scale) => {
  it.each(PAPER_SWEEPS.map((s) => [s.file, s.claims] as const))('%s plans with enough seeds for its claims', (file, claims) => {
    const spec = `${PAPER}/${scale}/${file}`;
    if (!existsSync(spec)) throw new Error(`${spec} is missing: every claim group needs a spec at every scale`);
    const { status, stdout, stderr } = clusterlens(['sweep', 'plan', spec, '--json']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const seeds = new Set((JSON.parse(stdout) as PlannedJson[]).map((t) => t.config.seed));
    expect(seeds.size).toBeGreaterThanOrEqual(MIN_SEEDS(claims));
  });
});
