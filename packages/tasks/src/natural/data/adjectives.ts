/**
 * English adjectives with an antonym and their comparative and superlative forms. Adjectives whose antonym is
 * ambiguous (short: tall or long; light: dark or heavy; old: young or new) are left out.
 */
export interface Adjective {
  readonly base: string;
  readonly antonym: string;
  readonly comparative: string;
  readonly superlative: string;
}

export const ADJECTIVES: readonly Adjective[] = [
  { base: 'big', antonym: 'small', comparative: 'bigger', superlative: 'biggest' },
  { base: 'small', antonym: 'big', comparative: 'smaller', superlative: 'smallest' },
  { base: 'hot', antonym: 'cold', comparative: 'hotter', superlative: 'hottest' },
  { base: 'cold', antonym: 'hot', comparative: 'colder', superlative: 'coldest' },
  { base: 'fast', antonym: 'slow', comparative: 'faster', superlative: 'fastest' },
  { base: 'slow', antonym: 'fast', comparative: 'slower', superlative: 'slowest' },
  { base: 'happy', antonym: 'sad', comparative: 'happier', superlative: 'happiest' },
  { base: 'sad', antonym: 'happy', comparative: 'sadder', superlative: 'saddest' },
  { base: 'good', antonym: 'bad', comparative: 'better', superlative: 'best' },
  { base: 'bad', antonym: 'good', comparative: 'worse', superlative: 'worst' },
  { base: 'strong', antonym: 'weak', comparative: 'stronger', superlative: 'strongest' },
  { base: 'weak', antonym: 'strong', comparative: 'weaker', superlative: 'weakest' },
  { base: 'rich', antonym: 'poor', comparative: 'richer', superlative: 'richest' },
  { base: 'poor', antonym: 'rich', comparative: 'poorer', superlative: 'poorest' },
  { base: 'wet', antonym: 'dry', comparative: 'wetter', superlative: 'wettest' },
  { base: 'dry', antonym: 'wet', comparative: 'drier', superlative: 'driest' },
  { base: 'early', antonym: 'late', comparative: 'earlier', superlative: 'earliest' },
  { base: 'late', antonym: 'early', comparative: 'later', superlative: 'latest' },
  { base: 'loud', antonym: 'quiet', comparative: 'louder', superlative: 'loudest' },
  { base: 'quiet', antonym: 'loud', comparative: 'quieter', superlative: 'quietest' },
  { base: 'thick', antonym: 'thin', comparative: 'thicker', superlative: 'thickest' },
  { base: 'thin', antonym: 'thick', comparative: 'thinner', superlative: 'thinnest' },
  { base: 'wide', antonym: 'narrow', comparative: 'wider', superlative: 'widest' },
  { base: 'narrow', antonym: 'wide', comparative: 'narrower', superlative: 'narrowest' },
  { base: 'clean', antonym: 'dirty', comparative: 'cleaner', superlative: 'cleanest' },
  { base: 'dirty', antonym: 'clean', comparative: 'dirtier', superlative: 'dirtiest' },
  { base: 'high', antonym: 'low', comparative: 'higher', superlative: 'highest' },
  { base: 'low', antonym: 'high', comparative: 'lower', superlative: 'lowest' },
  { base: 'deep', antonym: 'shallow', comparative: 'deeper', superlative: 'deepest' },
  { base: 'cheap', antonym: 'expensive', comparative: 'cheaper', superlative: 'cheapest' },
];
