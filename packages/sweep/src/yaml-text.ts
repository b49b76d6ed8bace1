// YAML text to a value; a syntax error becomes a SpecError that starts with where the text came from.
import { parse as parseYaml } from 'yaml';

import { SpecError } from './errors.js';

export function parseYamlText(text: string, source: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new SpecError(`${source}: not valid YAML: ${(error as Error).message}`);
  }
}
