import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { loadSuite, loadSuiteConfig, parseSuiteYaml, SuiteConfigError } from '@clusterlens/tasks';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The error lines a YAML text produces. */
const errorsOf = (text: string, file?: string): string[] => {
  try {
    parseSuiteYaml(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(SuiteConfigError);
    return (error as Error).message.split('\n');
  }
  throw new Error('the YAML was accepted');
};

const fourTasks = (contextLength = 32, regex = 'w1 (w2|w3|w4) (w5|w6|w7) w8?') => `
kind: synthetic
contextLength: ${contextLength}
tasks:
${[0, 1, 2]
  .map(
    (t) => `  - distributions:
      - w${t} (w1|w2|w3) w4? (w5){1,3}
      - w${t + 3} (w1|w2|w3) w4? (w5){1,3}`,
  )
  .join('\n')}
  - distributions:
      - w8 (w1|w2|w3) w4? (w5){1,3}
      - w9 (w1|w2|w3) w4? (w5){1,3}
      - w10 (w1|w2|w3) w4? (w5){1,3}
      - ${regex}
`;

describe('suite files in YAML', () => {
  it('loads a synthetic suite with user-written regexes', () => {
    const suite = loadSuite(fixture('rule-two-tasks.yaml'));
    expect(suite.kind).toBe('synthetic');
    expect(suite.tasks.map((t) => t.name)).toEqual(['shift-a', 'shift-b']);
    expect(suite.tasks[0].distributions[0]).toBe('w0 (w1|w2|w3) w4? (w5){1,3}');
    expect(suite.split('unseen-inputs')).toHaveLength(2 * 2 * 6 * 2);
  });

  it('loads a natural suite with a subset of tasks', () => {
    const config = loadSuiteConfig(fixture('natural-four-tasks.yaml'));
    expect(config).toMatchObject({ kind: 'natural', seed: 3, samplesPerDistribution: 6, contextLength: 32 });
    const suite = loadSuite(fixture('natural-four-tasks.yaml'));
    expect(suite.tasks.map((t) => t.name)).toEqual(['country-capital', 'country-continent', 'number-successor', 'number-parity']);
  });

  it('names the task and distribution of an unparsable regex', () => {
    const text = fourTasks().replace('w2 (w1|w2|w3) w4? (w5){1,3}', 'w1 (w2');
    expect(errorsOf(text)).toEqual([
      'tasks[2].distributions[0]: regex "w1 (w2" cannot be parsed: unclosed group opened at position 3',
    ]);
  });

  it('names contextLength, the distribution and the task when the longest sample cannot fit', () => {
    expect(errorsOf(fourTasks(14, 'w1 (w2|w3) (w4){1,3} w5 w6? (w7){1,3}'))).toEqual([
      'contextLength: 14 is too short for distribution 3 of task 3 (longest sample has 10 tokens + 6)',
    ]);
  });

  it('names unknown tokens', () => {
    expect(errorsOf(fourTasks(32, 'w1 (foo|w2) w3 bar'))).toEqual([
      "tasks[3].distributions[3]: unknown tokens 'foo', 'bar' (instruction words are w0..w11)",
    ]);
  });

  it('rejects unknown keys at their path', () => {
    const text = 'kind: synthetic\nnumTask: 3\nslots: {min: 3, mid: 4}\ntasks:\n  - regexes: [w1]\n';
    expect(errorsOf(text).sort()).toEqual(['numTask: unknown key', 'slots.mid: unknown key', 'tasks[0].regexes: unknown key']);
  });

  it('names wrong types, out-of-range values and the kind', () => {
    expect(errorsOf('kind: synthetic\nnumTasks: eight\n')).toEqual(['numTasks: expected number, got "eight"']);
    expect(errorsOf('kind: synthetic\nheldOutPairFraction: 1.5\n')[0]).toMatch(/^heldOutPairFraction: .*0\.99.*, got 1\.5$/);
    expect(errorsOf('kind: synthetic\nfamily: lookups\n')[0]).toMatch(/^family: .*"lookup".*"rule".*, got "lookups"$/);
    expect(errorsOf('numTasks: 3\n')).toEqual(["kind: expected one of 'synthetic', 'natural'"]);
    expect(errorsOf('kind: natural\ntasks: [country-capital, country-flag]\n')[0]).toMatch(/^tasks\[1\]: .*got "country-flag"$/);
  });

  it('names cross-field problems at the field to change', () => {
    expect(errorsOf('kind: synthetic\nslots: {min: 5, max: 4}\n')).toEqual(['slots.max: 4 is less than slots.min 5']);
    expect(errorsOf('kind: synthetic\nfamily: rule\nnumOutputs: 10\n')).toEqual([
      'numOutputs: 10 is less than numInputs 20: rule tasks map x to y(x + k) mod numInputs',
    ]);
    expect(errorsOf('kind: synthetic\nnumTasks: 3\ntasks: [{}, {}]\n')).toEqual(['numTasks: 3 differs from the 2 entries of tasks']);
  });

  it('prefixes every error with the file, and reports YAML syntax errors with their line', () => {
    expect(errorsOf('kind: synthetic\nnumTasks: [1\n', 'suite.yaml')[0]).toMatch(
      /^suite\.yaml: invalid YAML: Flow sequence .* at line 3, column 1$/,
    );
    expect(errorsOf('seed: 1\nseed: 2\n')).toEqual(['invalid YAML: Map keys must be unique at line 2, column 1']);
    expect(errorsOf('kind: synthetic\nnumTask: 3\n', 'suite.yaml')).toEqual(['suite.yaml: numTask: unknown key']);
  });
});
