import { ADJECTIVES } from './data/adjectives.js';
import { ANIMALS } from './data/animals.js';
import { COUNTRIES } from './data/countries.js';
import { NUMBERS } from './data/numbers.js';
import { VERBS } from './data/verbs.js';
import type { InputSetName } from './input-sets.js';

/**
 * A task of the natural suite: a function over one shared input set and English instruction templates, each a
 * regex over words (the grammar of the synthetic suite). The last template is the one held out by default.
 */
export interface NaturalTaskDefinition {
  readonly name: string;
  readonly inputSet: InputSetName;
  /** The answer for input i of the input set. */
  answer(input: number): string;
  readonly templates: readonly string[];
}

const ASK = '(what is|tell me|give me|name)';
const WRITE = '(please)? (write|give|state)';
const HOW = 'how (would you|do you|do we)';
const number = (i: number) => NUMBERS[i];

export const NATURAL_TASKS: readonly NaturalTaskDefinition[] = [
  {
    name: 'country-capital',
    inputSet: 'countries',
    answer: (i) => COUNTRIES[i].capital,
    templates: [
      `${ASK} the capital (city)? of (this|the following) country`,
      '(which|what) city is the (capital|seat of government) of (this|that|the given) (country|nation)',
      `${WRITE} (the)? (country's|nation's) capital`,
      "(i want to know|i wonder|tell me) (which|what) city (serves as|is) (its|the country's) capital",
    ],
  },
  {
    name: 'country-continent',
    inputSet: 'countries',
    answer: (i) => COUNTRIES[i].continent,
    templates: [
      `${ASK} the continent (of|for) (this|the following) country`,
      'on (which|what) continent (is|lies) (this|that|the given) (country|nation)',
      `${WRITE} (the)? (country's|nation's) continent`,
      '(i want to know|i wonder|tell me) (which|what) continent (it is on|it lies on|it belongs to)',
    ],
  },
  {
    name: 'country-currency',
    inputSet: 'countries',
    answer: (i) => COUNTRIES[i].currency,
    templates: [
      `${ASK} the (currency|money) (of|used in) (this|the following) country`,
      '(which|what) currency (is used|do people use|is spent) in (this|that|the given) (country|nation)',
      `${WRITE} (the)? (country's|nation's) (currency|official currency)`,
      '(i want to know|i wonder|tell me) (which|what) money (they pay with|people pay with|is used there)',
    ],
  },
  {
    name: 'number-successor',
    inputSet: 'numbers',
    answer: (i) => String(number(i) + 1),
    templates: [
      '(what|which) number comes (right|just)? after (this|the following) (number|one)',
      '(please)? (add one to|increase by one|increment) (this|the given|the following) number',
      '(give|write|state) the (successor|next number) (of|after) (this|the) (number|value)',
      '(count|go) (one|a single) step (up|forward) from (this|that) number',
    ],
  },
  {
    name: 'number-predecessor',
    inputSet: 'numbers',
    answer: (i) => String(number(i) - 1),
    templates: [
      '(what|which) number comes (right|just)? before (this|the following) (number|one)',
      '(please)? (subtract one from|decrease by one|decrement) (this|the given|the following) number',
      '(give|write|state) the (predecessor|previous number) (of|before) (this|the) (number|value)',
      '(count|go) (one|a single) step (down|back) from (this|that) number',
    ],
  },
  {
    name: 'number-double',
    inputSet: 'numbers',
    answer: (i) => String(number(i) * 2),
    templates: [
      '(please)? (what is|tell me|give me) (twice|double) (this|the following) number',
      '(please)? multiply (this|the given|the following) (number|value) by (two|2)',
      '(give|write|state) the (double|doubled value) of (this|the) (number|value)',
      '(please)? (add|sum) (this|the) number (to|with) itself',
    ],
  },
  {
    name: 'number-parity',
    inputSet: 'numbers',
    answer: (i) => (number(i) % 2 === 0 ? 'even' : 'odd'),
    templates: [
      '(tell me|decide|say)? (whether|if) (this|the following|the given) number is (odd or even|even or odd)',
      '(what is|give|state) the parity of (this|the following|the given) (number|value)',
      '(classify|label|sort) (this|the given|the following) number as (odd or even|even or odd)',
      '(check|determine|find out) the (parity|evenness) of (this|that) (number|integer)',
    ],
  },
  {
    name: 'verb-past-tense',
    inputSet: 'verbs',
    answer: (i) => VERBS[i].past,
    templates: [
      `${ASK} the (simple)? past tense of (this|the following) verb`,
      '(put|turn|change) (this|the given|the following) verb into the past (tense)?',
      `${HOW} say (this|that) (verb|word) (in the past|about yesterday)`,
      `${WRITE} the (verb's|word's) past form`,
    ],
  },
  {
    name: 'verb-participle',
    inputSet: 'verbs',
    answer: (i) => VERBS[i].participle,
    templates: [
      `${ASK} the (present)? participle of (this|the following) verb`,
      '(put|turn|change) (this|the given|the following) verb into its (ing|-ing) form',
      `${HOW} say (this|that) (verb|word) as (an ongoing action|something happening now)`,
      `${WRITE} the (verb's|word's) (ing|continuous) form`,
    ],
  },
  {
    name: 'verb-third-person',
    inputSet: 'verbs',
    answer: (i) => VERBS[i].thirdPerson,
    templates: [
      `${ASK} the third person (singular)? (form)? of (this|the following) verb`,
      '(put|turn|change) (this|the given|the following) verb into the (he|she) form',
      `${HOW} say (this|that) (verb|word) (after|with) (he|she|it)`,
      `${WRITE} the (verb's|word's) (third person|he she it) form`,
    ],
  },
  {
    name: 'adjective-antonym',
    inputSet: 'adjectives',
    answer: (i) => ADJECTIVES[i].antonym,
    templates: [
      `${ASK} the (opposite|antonym) of (this|the following) (adjective|word)`,
      '(which|what) word means the opposite of (this|that|the given) (adjective|word)',
      `${WRITE} (a|the) (word|adjective) with the opposite meaning`,
      '(reverse|flip|invert) the meaning of (this|that) (adjective|word)',
    ],
  },
  {
    name: 'adjective-comparative',
    inputSet: 'adjectives',
    answer: (i) => ADJECTIVES[i].comparative,
    templates: [
      `${ASK} the comparative (form)? of (this|the following) (adjective|word)`,
      '(which|what) form of (this|that) (adjective|word) (compares two things|is used to compare two things)',
      `${WRITE} the (adjective's|word's) comparative (form)?`,
      '(make|turn) (this|that) (adjective|word) (comparative|into a comparison)',
    ],
  },
  {
    name: 'adjective-superlative',
    inputSet: 'adjectives',
    answer: (i) => ADJECTIVES[i].superlative,
    templates: [
      `${ASK} the superlative (form)? of (this|the following) (adjective|word)`,
      '(which|what) form of (this|that) (adjective|word) (means the most|is used for the extreme)',
      `${WRITE} the (adjective's|word's) superlative (form)?`,
      '(make|turn) (this|that) (adjective|word) (superlative|into the highest degree)',
    ],
  },
  {
    name: 'animal-plural',
    inputSet: 'animals',
    answer: (i) => ANIMALS[i].plural,
    templates: [
      `${ASK} the plural (form)? of (this|the following) (animal|noun)`,
      `${HOW} (say|write) (many|more than one) of (this|that) animal`,
      `${WRITE} the (animal's|noun's) plural`,
      '(make|turn) (this|that) (animal|noun|word) plural',
    ],
  },
  {
    name: 'animal-young',
    inputSet: 'animals',
    answer: (i) => ANIMALS[i].young,
    templates: [
      `${ASK} the (name|word) for a (baby|young) (one)? of (this|the following) animal`,
      'what do (you|we|people) call (the babies|a baby|the young|the offspring) of (this|that|the given) animal',
      `${WRITE} the (animal's|creature's) (baby|young) name`,
      'a (baby|young) (animal)? of (this|that) (kind|species) is (called|known as)',
    ],
  },
  {
    name: 'animal-class',
    inputSet: 'animals',
    answer: (i) => ANIMALS[i].group,
    templates: [
      `${ASK} the (class|group) of (this|the following) animal`,
      '(which|what) (class|kind) of (animal|creature) is (this|that) (one)?',
      '(please)? (classify|categorize|sort) (this|that|the given) (animal|creature)',
      '(to|into) (which|what) (group|class) (does|would) (this|that) (animal|creature) belong',
    ],
  },
];

export const NATURAL_TASK_NAMES = NATURAL_TASKS.map((task) => task.name) as [string, ...string[]];
