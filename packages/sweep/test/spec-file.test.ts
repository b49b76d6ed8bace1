// readSweepSpecFile: `base` may name trial files (relative to the spec), merged in order with inline configs.
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

import { parseSweepSpec, plan, readSweepSpecFile, SpecError } from '@clusterlens/sweep';

import { tempDir } from './support/fixtures.js';

const TRIAL_YAML = fileURLToPath(new URL('../../../examples/trial.yaml', import.meta.url));
const codeVersion = 'v1';

let dir: string;
let trialFromSpec: string;
beforeAll(async () => {
  dir = await tempDir('clusterlens-spec-file-');
  trialFromSpec = relative(dir, TRIAL_YAML);
});

async function specFile(name: string, yaml: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, yaml);
  return file;
}

async function errorOf(file: string): Promise<string> {
  const error = await readSweepSpecFile(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpecError);
  return (error as Error).message;
}

describe('readSweepSpecFile', () => {
  it('plans the same configs from a base file as from its content inline', async () => {
    const inline = parseYaml(await readFile(TRIAL_YAML, 'utf8')) as Record<string, unknown>;
    const axes = 'axes:\n  optimizer.lr: [0.001, 0.002]\nseeds: [0, 1]\n';
    const fromFile = await readSweepSpecFile(await specFile('from-file.yaml', `name: f\nbase: ${trialFromSpec}\n${axes}`));
    const fromInline = await readSweepSpecFile(await specFile('inline.yaml', `name: f\nbase: ${JSON.stringify(inline)}\n${axes}`));
    expect(fromFile.base).toEqual(inline);
    expect(plan(fromFile, { codeVersion }).map((t) => t.config)).toEqual(plan(fromInline, { codeVersion }).map((t) => t.config));
  });

  it('deep-merges a list of base files and inline configs in order', async () => {
    await writeFile(join(dir, 'short.yaml'), 'training: { steps: 5 }\nmodel: { nLayer: 1 }\n');
    const spec = await readSweepSpecFile(await specFile('layers.yaml', `name: l\nbase:\n  - ${trialFromSpec}\n  - short.yaml\n  - { model: { nEmbd: 32 } }\n`));
    expect(spec.base).toMatchObject({ training: { steps: 5, batchSize: 64, loss: 'output' }, model: { nLayer: 1, nHead: 4, nEmbd: 32 }, optimizer: { lr: 0.001 } });
  });

  it('names the spec, the list entry and the base file that is missing', async () => {
    const file = await specFile('missing.yaml', `name: m\nbase: [${trialFromSpec}, nowhere.yaml]\n`);
    expect(await errorOf(file)).toBe(`${file}: base[1]: cannot read base file ${join(dir, 'nowhere.yaml')}: ENOENT`);
  });

  it('names the base file that is not YAML', async () => {
    await writeFile(join(dir, 'broken.yaml'), 'model: [1, 2\n');
    const file = await specFile('broken-base.yaml', 'name: b\nbase: broken.yaml\n');
    expect(await errorOf(file)).toMatch(new RegExp(`^${escape(file)}: base: base file ${escape(join(dir, 'broken.yaml'))}: not valid YAML: `));
  });

  it('names the base file that holds no config', async () => {
    await writeFile(join(dir, 'list.yaml'), '- 1\n- 2\n');
    await writeFile(join(dir, 'empty.yaml'), '# nothing\n');
    const list = await specFile('list-base.yaml', 'name: b\nbase: list.yaml\n');
    expect(await errorOf(list)).toBe(`${list}: base: base file ${join(dir, 'list.yaml')} holds a list; a base file holds a trial config (a YAML mapping such as 'training: { steps: 800 }')`);
    const empty = await specFile('empty-base.yaml', 'name: b\nbase: [empty.yaml]\n');
    expect(await errorOf(empty)).toMatch(new RegExp(`^${escape(empty)}: base\\[0\\]: base file ${escape(join(dir, 'empty.yaml'))} is empty; `));
  });

  it('names the spec file that cannot be read', async () => {
    const file = join(dir, 'absent.yaml');
    expect(await errorOf(file)).toBe(`${file}: cannot read the sweep spec: ENOENT`);
  });

  it('reports problems of the merged spec against the spec file', async () => {
    const file = await specFile('bad-seeds.yaml', `name: s\nbase: ${trialFromSpec}\nseeds: [0, 0]\n`);
    expect(await errorOf(file)).toBe(`${file}: seeds[1]: duplicate seed 0`);
  });
});

describe('parseSweepSpec and base', () => {
  it('merges a list of inline configs in order', () => {
    expect(parseSweepSpec({ name: 'a', base: [{ a: { b: 1, c: 2 } }, { a: { c: 3 } }] }).base).toEqual({ a: { b: 1, c: 3 } });
  });

  it('sends a base file path to readSweepSpecFile, which knows where the spec is', () => {
    expect(() => parseSweepSpec({ name: 'a', base: 'trial.yaml' }, 'spec.yaml')).toThrow(
      "spec.yaml: base: 'trial.yaml' is a file path; read the spec with readSweepSpecFile(path), which loads base files relative to the spec file (the CLI does)",
    );
  });

  it('names the list entry that is not a config', () => {
    expect(() => parseSweepSpec({ name: 'a', base: [{ a: 1 }, 3] }, 'spec.yaml')).toThrow(/^spec\.yaml: base\[1\]: /);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
