import { readFileSync } from 'node:fs';

import { parseDocument } from 'yaml';

import { SuiteConfigError } from './config-error.js';
import { buildSuite, parseSuiteConfig, type AnySuite, type SuiteConfig } from './suite-config.js';

/**
 * Parses and validates a suite written in YAML (same fields as `suiteConfigSchema`). Throws a `SuiteConfigError`
 * whose message names the file, the field path and the problem; YAML syntax errors name the line.
 */
export function parseSuiteYaml(text: string, file?: string): SuiteConfig {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    // The first line of the yaml library's message names the problem, the line and the column.
    const messages = document.errors.map((error) => `invalid YAML: ${error.message.split('\n')[0].replace(/:$/, '')}`);
    throw new SuiteConfigError(messages.map((message) => ({ path: [], message })), file);
  }
  return parseSuiteConfig(document.toJS(), file);
}

/** Reads and validates a suite file. */
export function loadSuiteConfig(file: string): SuiteConfig {
  return parseSuiteYaml(readFileSync(file, 'utf8'), file);
}

/** Reads, validates and builds a suite file; errors found while building also name the file. */
export function loadSuite(file: string): AnySuite {
  const config = loadSuiteConfig(file);
  try {
    return buildSuite(config);
  } catch (error) {
    if (error instanceof SuiteConfigError && !error.file) throw new SuiteConfigError(error.issues, file);
    throw error;
  }
}
