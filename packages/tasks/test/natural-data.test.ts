import { describe, expect, it } from 'vitest';

import { enumerateLanguage, INPUT_SETS, NATURAL_TASKS, parsePattern } from '@clusterlens/tasks';

describe('natural-language task catalog', () => {
  it('has at least 12 tasks, every input set shared by at least two of them', () => {
    expect(NATURAL_TASKS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(NATURAL_TASKS.map((t) => t.name)).size).toBe(NATURAL_TASKS.length);
    for (const set of Object.keys(INPUT_SETS)) {
      expect(NATURAL_TASKS.filter((t) => t.inputSet === set).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('input sets hold 20-40 distinct, trimmed inputs', () => {
    for (const [name, inputs] of Object.entries(INPUT_SETS)) {
      expect(inputs.length, name).toBeGreaterThanOrEqual(20);
      expect(inputs.length, name).toBeLessThanOrEqual(40);
      expect(new Set(inputs).size, name).toBe(inputs.length);
      for (const input of inputs) expect(input).toBe(input.trim());
    }
  });

  it('every task answers every input with a trimmed non-empty answer, and answers differ between inputs', () => {
    for (const task of NATURAL_TASKS) {
      const answers = INPUT_SETS[task.inputSet].map((_, i) => task.answer(i));
      for (const answer of answers) expect(answer.length, task.name).toBeGreaterThan(0);
      for (const answer of answers) expect(answer).toBe(answer.trim());
      expect(new Set(answers).size, task.name).toBeGreaterThan(1);
    }
  });

  it('knows its facts', () => {
    const answer = (task: string, input: string) => {
      const definition = NATURAL_TASKS.find((t) => t.name === task)!;
      return definition.answer(INPUT_SETS[definition.inputSet].indexOf(input));
    };
    expect(answer('country-capital', 'France')).toBe('Paris');
    expect(answer('country-capital', 'Australia')).toBe('Canberra');
    expect(answer('country-continent', 'Kenya')).toBe('Africa');
    expect(answer('country-currency', 'Japan')).toBe('yen');
    expect(answer('number-successor', '9')).toBe('10');
    expect(answer('number-predecessor', '1')).toBe('0');
    expect(answer('number-double', '12')).toBe('24');
    expect(answer('number-parity', '7')).toBe('odd');
    expect(answer('verb-past-tense', 'go')).toBe('went');
    expect(answer('verb-participle', 'swim')).toBe('swimming');
    expect(answer('verb-third-person', 'fly')).toBe('flies');
    expect(answer('adjective-antonym', 'wide')).toBe('narrow');
    expect(answer('adjective-comparative', 'good')).toBe('better');
    expect(answer('adjective-superlative', 'bad')).toBe('worst');
    expect(answer('animal-plural', 'mouse')).toBe('mice');
    expect(answer('animal-young', 'kangaroo')).toBe('joey');
    expect(answer('animal-class', 'frog')).toBe('amphibian');
  });

  it('has several templates per task, each with at least 12 distinct instructions, never shared between tasks', () => {
    const owner = new Map<string, string>();
    for (const task of NATURAL_TASKS) {
      expect(task.templates.length).toBeGreaterThanOrEqual(4);
      for (const template of task.templates) {
        const language = enumerateLanguage(parsePattern(template))!;
        expect(language.size, template).toBeGreaterThanOrEqual(12);
        for (const instruction of language) {
          expect(owner.get(instruction) ?? task.name, instruction).toBe(task.name);
          owner.set(instruction, task.name);
        }
      }
    }
  });
});
