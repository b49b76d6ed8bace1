import { describe, expect, it } from 'vitest';

import { Random, SPLIT_NAMES } from '@clusterlens/schema';
import {
  buildSuite,
  evalSet,
  Gpt2Tokenizer,
  labelsFor,
  NATURAL_TASKS,
  type Instance,
  type NaturalSuite,
} from '@clusterlens/tasks';

import { matchesPattern } from './support/word-regexp.js';

const sampleOf = (suite: NaturalSuite) => SPLIT_NAMES.flatMap((name) => evalSet(suite, name, 256, new Random(1)));

// The GPT-2 ids themselves; natural-compact-vocabulary.test.ts checks the default compact vocabulary against these.
describe('natural-language suite', () => {
  const suite = buildSuite({ kind: 'natural', seed: 2, vocabulary: 'gpt2' });
  const tokenizer = Gpt2Tokenizer.get();

  it('has every catalog task, GPT-2 tokens and the default context of 32', () => {
    expect(suite.tasks.map((t) => t.name)).toEqual(NATURAL_TASKS.map((t) => t.name));
    expect(suite.vocabulary.size).toBe(50257);
    expect(suite.vocabulary).toMatchObject({ pad: 50256, bos: 50256, eos: 50256 });
    expect(suite.contextLength).toBe(32);
  });

  it('shares inputs across tasks over the same input set', () => {
    const capital = suite.tasks.find((t) => t.name === 'country-capital')!;
    const currency = suite.tasks.find((t) => t.name === 'country-currency')!;
    expect(capital.inputs).toEqual(currency.inputs);
    expect(capital.trainInputs).toEqual(currency.trainInputs);
  });

  it('writes <|endoftext|>{instruction} Input: {input} Answer: {output}<|endoftext|>, as GPT-2 encodes the whole text', () => {
    for (const instance of sampleOf(suite)) {
      const text = `<|endoftext|>${instance.words.join(' ')} Input: ${instance.inputText} Answer: ${instance.outputText}<|endoftext|>`;
      const ids = tokenizer.encode(text);
      expect([...instance.tokens.subarray(0, ids.length)]).toEqual(ids);
      expect(instance.tokens.subarray(ids.length).every((t) => t === 50256)).toBe(true);
      expect(instance.positions.eos).toBe(ids.length - 1);
    }
  });

  it('positions: sep and ans are the colons of the markers, output is the first answer token', () => {
    for (const instance of sampleOf(suite)) {
      const { tokens, positions: p } = instance;
      expect(p.instructionStart).toBe(1);
      expect(tokenizer.decode([...tokens.subarray(p.instructionStart, p.instructionEnd)])).toBe(instance.words.join(' '));
      expect(p.lastInstructionWord).toBe(p.instructionEnd - 1);
      expect([tokens[p.sep - 1], tokens[p.sep]]).toEqual([23412, 25]);
      expect(p.sep).toBe(p.instructionEnd + 1);
      expect([tokens[p.ans - 1], tokens[p.ans]]).toEqual([23998, 25]);
      expect(p.output).toBe(p.ans + 1);
      expect(tokenizer.decode([...tokens.subarray(p.output, p.eos)])).toBe(` ${instance.outputText}`);
      expect(tokens[p.eos]).toBe(50256);
    }
  });

  it("'output' labels cover every output token and EOS", () => {
    const multiToken = suite.split('train').find((i) => i.outputText === 'Addis Ababa' || i.outputText === 'New Delhi')!;
    const labelled = [...labelsFor(multiToken, 'output')].flatMap((label, t) => (label === -100 ? [] : [t]));
    expect(multiToken.positions.eos - multiToken.positions.output).toBeGreaterThan(1);
    expect(labelled).toEqual(
      Array.from({ length: multiToken.positions.eos - multiToken.positions.output + 1 }, (_, i) => multiToken.positions.output + i),
    );
  });

  it('every instruction matches its template, checked by a JavaScript RegExp', () => {
    for (const instance of sampleOf(suite)) {
      const template = suite.tasks[instance.task].distributions[instance.distribution];
      expect(matchesPattern(template, instance.words), `${template}: ${instance.words.join(' ')}`).toBe(true);
    }
  });

  it('answers follow the facts of the task', () => {
    for (const instance of sampleOf(suite)) {
      const definition = NATURAL_TASKS[instance.task];
      expect(instance.outputText).toBe(definition.answer(instance.input));
    }
  });

  it('splits exactly: 3 trained templates x 8 instructions x every input, one template held out', () => {
    const inputs = suite.tasks.map((t) => t.inputs.length);
    const sum = (f: (n: number) => number) => inputs.reduce((total, n) => total + f(n), 0);
    const heldOutPairs = (n: number) => Math.round(0.1 * 8 * n);
    expect(suite.split('train')).toHaveLength(sum((n) => 3 * (8 * n - heldOutPairs(n))));
    expect(suite.split('heldout-pairs')).toHaveLength(sum((n) => 3 * heldOutPairs(n)));
    expect(suite.split('validation')).toHaveLength(sum((n) => 3 * 4 * n));
    expect(suite.split('unseen-distribution')).toHaveLength(sum((n) => 12 * n));
    expect(suite.split('unseen-inputs')).toHaveLength(0);
    for (const instance of suite.split('unseen-distribution')) expect(instance.distribution).toBe(3);
  });

  it('keeps held-out instructions and pairs out of training', () => {
    const instruction = (i: Instance) => `${i.task}|${i.words.join(' ')}`;
    const trained = new Set(suite.split('train').map(instruction));
    for (const name of ['validation', 'unseen-distribution'] as const) {
      for (const instance of suite.split(name)) expect(trained.has(instruction(instance))).toBe(false);
    }
    const pair = (i: Instance) => `${instruction(i)}|${i.input}`;
    const trainPairs = new Set(suite.split('train').map(pair));
    for (const instance of suite.split('heldout-pairs')) {
      expect(trainPairs.has(pair(instance))).toBe(false);
      expect(trained.has(instruction(instance))).toBe(true);
    }
  });

  it('is deterministic, and a refusal answers the configured text', () => {
    const again = buildSuite({ kind: 'natural', seed: 2, vocabulary: 'gpt2' });
    expect(again.fingerprint).toBe(suite.fingerprint);
    expect(buildSuite({ kind: 'natural', seed: 3, vocabulary: 'gpt2' }).fingerprint).not.toBe(suite.fingerprint);
    const refusal = suite.refusal(suite.split('train')[0]);
    expect(refusal.outputText).toBe('I cannot answer that.');
    const p = refusal.positions;
    expect(tokenizer.decode([...refusal.tokens.subarray(p.output, p.eos)])).toBe(' I cannot answer that.');
  });
});
