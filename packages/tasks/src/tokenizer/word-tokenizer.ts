import type { Tokenizer } from './tokenizer.js';

/**
 * A tokenizer whose tokens are whole words separated by whitespace: the synthetic suite's. Token i is
 * `tokens[i]`; `encode` rejects any word that is not a token.
 */
export class WordTokenizer implements Tokenizer {
  readonly name = 'words';
  readonly vocabSize: number;
  private readonly ids: ReadonlyMap<string, number>;

  constructor(readonly tokens: readonly string[]) {
    const ids = new Map<string, number>();
    tokens.forEach((token, i) => {
      if (token === '' || /\s/.test(token)) throw new RangeError(`tokens[${i}]: '${token}' is empty or has whitespace`);
      if (ids.has(token)) throw new RangeError(`tokens[${i}]: '${token}' appears twice`);
      ids.set(token, i);
    });
    this.ids = ids;
    this.vocabSize = tokens.length;
  }

  encode(text: string): number[] {
    return text.split(/\s+/).filter((word) => word !== '').map((word) => this.id(word));
  }

  decode(ids: readonly number[]): string {
    return ids.map((id) => this.token(id)).join(' ');
  }

  id(token: string): number {
    const id = this.ids.get(token);
    if (id === undefined) throw new RangeError(`unknown token '${token}'`);
    return id;
  }

  has(token: string): boolean {
    return this.ids.has(token);
  }

  token(id: number): string {
    if (!Number.isInteger(id) || id < 0 || id >= this.tokens.length) {
      throw new RangeError(`token id ${id} is outside the vocabulary [0, ${this.tokens.length})`);
    }
    return this.tokens[id];
  }
}
