/** English verbs with their simple past, present participle and third-person singular present forms. */
export interface Verb {
  readonly base: string;
  readonly past: string;
  readonly participle: string;
  readonly thirdPerson: string;
}

export const VERBS: readonly Verb[] = [
  { base: 'go', past: 'went', participle: 'going', thirdPerson: 'goes' },
  { base: 'eat', past: 'ate', participle: 'eating', thirdPerson: 'eats' },
  { base: 'run', past: 'ran', participle: 'running', thirdPerson: 'runs' },
  { base: 'see', past: 'saw', participle: 'seeing', thirdPerson: 'sees' },
  { base: 'take', past: 'took', participle: 'taking', thirdPerson: 'takes' },
  { base: 'write', past: 'wrote', participle: 'writing', thirdPerson: 'writes' },
  { base: 'sing', past: 'sang', participle: 'singing', thirdPerson: 'sings' },
  { base: 'swim', past: 'swam', participle: 'swimming', thirdPerson: 'swims' },
  { base: 'drink', past: 'drank', participle: 'drinking', thirdPerson: 'drinks' },
  { base: 'give', past: 'gave', participle: 'giving', thirdPerson: 'gives' },
  { base: 'speak', past: 'spoke', participle: 'speaking', thirdPerson: 'speaks' },
  { base: 'drive', past: 'drove', participle: 'driving', thirdPerson: 'drives' },
  { base: 'fly', past: 'flew', participle: 'flying', thirdPerson: 'flies' },
  { base: 'buy', past: 'bought', participle: 'buying', thirdPerson: 'buys' },
  { base: 'think', past: 'thought', participle: 'thinking', thirdPerson: 'thinks' },
  { base: 'teach', past: 'taught', participle: 'teaching', thirdPerson: 'teaches' },
  { base: 'make', past: 'made', participle: 'making', thirdPerson: 'makes' },
  { base: 'find', past: 'found', participle: 'finding', thirdPerson: 'finds' },
  { base: 'sleep', past: 'slept', participle: 'sleeping', thirdPerson: 'sleeps' },
  { base: 'know', past: 'knew', participle: 'knowing', thirdPerson: 'knows' },
  { base: 'begin', past: 'began', participle: 'beginning', thirdPerson: 'begins' },
  { base: 'sit', past: 'sat', participle: 'sitting', thirdPerson: 'sits' },
  { base: 'walk', past: 'walked', participle: 'walking', thirdPerson: 'walks' },
  { base: 'play', past: 'played', participle: 'playing', thirdPerson: 'plays' },
  { base: 'jump', past: 'jumped', participle: 'jumping', thirdPerson: 'jumps' },
  { base: 'cook', past: 'cooked', participle: 'cooking', thirdPerson: 'cooks' },
  { base: 'stop', past: 'stopped', participle: 'stopping', thirdPerson: 'stops' },
  { base: 'try', past: 'tried', participle: 'trying', thirdPerson: 'tries' },
  { base: 'carry', past: 'carried', participle: 'carrying', thirdPerson: 'carries' },
  { base: 'dance', past: 'danced', participle: 'dancing', thirdPerson: 'dances' },
  { base: 'open', past: 'opened', participle: 'opening', thirdPerson: 'opens' },
  { base: 'watch', past: 'watched', participle: 'watching', thirdPerson: 'watches' },
];
