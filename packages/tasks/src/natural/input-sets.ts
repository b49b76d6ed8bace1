import { ADJECTIVES } from './data/adjectives.js';
import { ANIMALS } from './data/animals.js';
import { COUNTRIES } from './data/countries.js';
import { NUMBERS } from './data/numbers.js';
import { VERBS } from './data/verbs.js';

/** The inputs of the natural suite, shared by every task over the same set. */
export const INPUT_SETS = {
  countries: COUNTRIES.map((country) => country.name),
  numbers: NUMBERS.map(String),
  verbs: VERBS.map((verb) => verb.base),
  adjectives: ADJECTIVES.map((adjective) => adjective.base),
  animals: ANIMALS.map((animal) => animal.name),
} as const satisfies Record<string, readonly string[]>;

export type InputSetName = keyof typeof INPUT_SETS;
