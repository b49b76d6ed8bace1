import { describe, expect, it } from 'vitest';

import { evaluationSteps } from '@clusterlens/experiment';

describe('evaluation schedule', () => {
  it('starts at initialisation, looks closely early, then every N steps and at the end', () => {
    const steps = evaluationSteps(1050, 100, 4);
    expect(steps[0]).toBe(0);
    expect(steps.filter((s) => s > 0 && s < 100)).toEqual([3, 6, 16, 40]);
    expect(steps.filter((s) => s >= 100)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1050]);
  });

  it('never goes past the last step and has no duplicates', () => {
    const steps = evaluationSteps(30, 100, 8);
    expect(Math.max(...steps)).toBe(30);
    expect(new Set(steps).size).toBe(steps.length);
  });
});
