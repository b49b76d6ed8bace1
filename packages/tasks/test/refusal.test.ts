import { describe, expect, it } from 'vitest';

import { buildSuite, labelsFor } from '@clusterlens/tasks';

describe('refusal instances (alignment)', () => {
  it('keep the prompt and answer REFUSE then EOS', () => {
    const suite = buildSuite({ kind: 'synthetic', seed: 1 });
    const instance = suite.split('validation')[5];
    const refusal = suite.refusal(instance);
    expect(refusal.output).toBe(-1);
    expect(refusal.outputText).toBe('REFUSE');
    expect(refusal.tokens.subarray(0, instance.positions.output)).toEqual(
      instance.tokens.subarray(0, instance.positions.output),
    );
    expect(refusal.tokens[refusal.positions.output]).toBe(suite.vocabulary.refuse);
    expect(refusal.tokens[refusal.positions.eos]).toBe(suite.vocabulary.eos);
    expect([...labelsFor(refusal, 'output')].filter((l) => l !== -100)).toEqual([5, 2]);
  });
});
