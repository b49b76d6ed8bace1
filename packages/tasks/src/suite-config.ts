import { z } from 'zod';

import { SuiteConfigError } from './config-error.js';
import { buildNaturalSuite, type NaturalSuite } from './natural/build.js';
import { naturalSuiteSchema, type NaturalSuiteConfig, type NaturalSuiteInput } from './natural/schema.js';
import { buildSyntheticSuite, type SyntheticSuite } from './synthetic/build.js';
import { syntheticSuiteSchema, type SyntheticSuiteConfig, type SyntheticSuiteInput } from './synthetic/schema.js';

/** Either suite's configuration, told apart by `kind`. */
export const suiteConfigSchema = z.discriminatedUnion('kind', [syntheticSuiteSchema, naturalSuiteSchema]);

export type SuiteConfigInput = SyntheticSuiteInput | NaturalSuiteInput;
export type SuiteConfig = SyntheticSuiteConfig | NaturalSuiteConfig;
export type AnySuite = SyntheticSuite | NaturalSuite;

/** Validates a configuration and fills in defaults; throws a `SuiteConfigError` naming every bad field. */
export function parseSuiteConfig(input: SyntheticSuiteInput, file?: string): SyntheticSuiteConfig;
export function parseSuiteConfig(input: NaturalSuiteInput, file?: string): NaturalSuiteConfig;
export function parseSuiteConfig(input: unknown, file?: string): SuiteConfig;
export function parseSuiteConfig(input: unknown, file?: string): SuiteConfig {
  const result = suiteConfigSchema.safeParse(input, { reportInput: true });
  if (!result.success) throw SuiteConfigError.fromZod(result.error, file);
  return result.data;
}

/**
 * The seed of a suite whose configuration has none. A clusterlens trial never relies on it: it derives the seed of
 * a suite without one from the trial seed (`@clusterlens/experiment`'s `trialSuiteConfig`).
 */
export const DEFAULT_SUITE_SEED = 0;

/**
 * Builds a suite from a configuration (defaults applied here; a missing `seed` is `DEFAULT_SUITE_SEED`, and the
 * suite's `config.seed` says which seed it was built from). Same configuration, same suite, bit for bit.
 */
export function buildSuite(config: SyntheticSuiteInput): SyntheticSuite;
export function buildSuite(config: NaturalSuiteInput): NaturalSuite;
export function buildSuite(config: SuiteConfigInput): AnySuite;
export function buildSuite(config: SuiteConfigInput): AnySuite {
  const parsed = parseSuiteConfig(config);
  const seed = parsed.seed ?? DEFAULT_SUITE_SEED;
  return parsed.kind === 'synthetic' ? buildSyntheticSuite({ ...parsed, seed }) : buildNaturalSuite({ ...parsed, seed });
}
