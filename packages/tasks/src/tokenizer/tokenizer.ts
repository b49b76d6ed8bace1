/** Text <-> token ids. Both suites' tokenizers implement it; models only ever see the ids. */
export interface Tokenizer {
  readonly name: string;
  readonly vocabSize: number;
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  /** The id of a string that is exactly one token; throws otherwise. */
  id(token: string): number;
  /** The string of one token id; throws for ids outside the vocabulary. */
  token(id: number): string;
}
