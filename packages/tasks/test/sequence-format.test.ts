import { describe, expect, it } from 'vitest';

import { SPLIT_NAMES } from '@clusterlens/schema';
import { buildSuite, SuiteConfigError } from '@clusterlens/tasks';

describe('synthetic sequence format', () => {
  const suite = buildSuite({ kind: 'synthetic', seed: 3, family: 'rule' });

  it('is BOS <instruction> SEP <input> ANS <output> EOS, right-padded with PAD', () => {
    const instance = suite.split('train')[0];
    const text = suite.tokenizer.decode([...instance.tokens]);
    expect(text).toBe(
      ['BOS', ...instance.words, 'SEP', `x${instance.input}`, 'ANS', `y${instance.output}`, 'EOS'].join(' ') +
        ' PAD'.repeat(32 - instance.words.length - 6),
    );
  });

  it('positions point at the instruction, SEP, ANS, output and EOS', () => {
    const v = suite.vocabulary;
    for (const name of SPLIT_NAMES) {
      for (const instance of suite.split(name)) {
        const p = instance.positions;
        expect(p.instructionStart).toBe(1);
        expect(p.instructionEnd - p.instructionStart).toBe(instance.words.length);
        expect(p.lastInstructionWord).toBe(p.instructionEnd - 1);
        expect(instance.tokens[p.sep]).toBe(v.sep);
        expect(p.sep).toBe(p.instructionEnd);
        expect(instance.tokens[p.ans]).toBe(v.ans);
        expect(p.output).toBe(p.ans + 1);
        expect(instance.tokens[p.output]).toBe(v.outputId(instance.output));
        expect(instance.tokens[p.eos]).toBe(v.eos);
        expect(p.eos).toBe(p.output + 1);
      }
    }
  });

  it('outputs follow the task function', () => {
    for (const name of SPLIT_NAMES) {
      for (const instance of suite.split(name)) {
        const fn = suite.tasks[instance.task].function;
        if (fn.family !== 'rule') throw new Error('expected rule tasks');
        expect(instance.output).toBe((instance.input + fn.offset) % fn.modulus);
        expect(instance.outputText).toBe(`y${instance.output}`);
        expect(instance.inputText).toBe(`x${instance.input}`);
      }
    }
  });

  it('a regex whose longest sample cannot fit names contextLength, the distribution and the task', () => {
    const build = () =>
      buildSuite({
        kind: 'synthetic',
        contextLength: 8,
        tasks: [
          { distributions: ['w1 (w2|w3|w4) (w5|w6|w7) w8?', 'w2 (w1|w3|w4) (w5|w6|w7) w8?'] },
          { distributions: ['w3 (w1|w2|w4) (w5|w6|w7)', 'w4 (w1|w2|w3) (w5|w6|w7) w8?'] },
        ],
        samplesPerDistribution: 4,
        heldOutSamplesPerDistribution: 2,
      });
    expect(build).toThrow(SuiteConfigError);
    expect(build).toThrow('contextLength: 8 is too short for distribution 1 of task 1 (longest sample has 4 tokens + 6)');
  });

  it('random regexes that may not fit name contextLength and slots.max', () => {
    expect(() => buildSuite({ kind: 'synthetic', contextLength: 20 })).toThrow(
      'contextLength: 20 is too short for random regexes of slots.max 6 (longest sample has 18 tokens + 6)',
    );
  });
});
