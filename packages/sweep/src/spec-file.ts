// Reading a sweep spec file: the YAML, then the base files it names (relative to the spec file), then validation.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

import { SpecError } from './errors.js';
import { isPlainObject } from './json.js';
import { parseSweepSpec, type SweepSpec } from './spec.js';
import { parseYamlText } from './yaml-text.js';

/**
 * Reads and validates a YAML sweep spec. `base` may name trial config files (a path, or a list of paths and inline
 * configs merged in order), read relative to the spec file, so a sweep reuses a trial file instead of copying it.
 * Every error starts with the spec file's name.
 */
export async function readSweepSpecFile(file: string): Promise<SweepSpec> {
  const raw = parseYamlText(await readText(file, 'cannot read the sweep spec'), file);
  if (isPlainObject(raw) && raw.base !== undefined) raw.base = await loadBaseFiles(raw.base, file);
  return parseSweepSpec(raw, file);
}

/** `base` with every file path replaced by the config the file holds; inline configs are left for the schema. */
async function loadBaseFiles(base: unknown, specFile: string): Promise<unknown> {
  if (typeof base === 'string') return readBaseFile(base, specFile, 'base');
  if (!Array.isArray(base)) return base;
  return Promise.all(base.map((entry, i) => (typeof entry === 'string' ? readBaseFile(entry, specFile, `base[${i}]`) : entry)));
}

async function readBaseFile(path: string, specFile: string, where: string): Promise<Record<string, unknown>> {
  const file = resolve(dirname(specFile), path);
  const problem = `${specFile}: ${where}: base file ${file}`;
  const config = parseYamlText(await readText(file, `${where}: cannot read base file`, specFile), problem);
  if (!isPlainObject(config)) {
    const got = config === null ? 'is empty' : `holds ${Array.isArray(config) ? 'a list' : JSON.stringify(config)}`;
    throw new SpecError(`${problem} ${got}; a base file holds a trial config (a YAML mapping such as 'training: { steps: 800 }')`);
  }
  return config;
}

/** The file's text; a failure reads `<source>: <what> <file>: ENOENT` (the file named once when it is the source). */
async function readText(file: string, what: string, source = file): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new SpecError(source === file ? `${file}: ${what}: ${code}` : `${source}: ${what} ${file}: ${code}`);
  }
}
