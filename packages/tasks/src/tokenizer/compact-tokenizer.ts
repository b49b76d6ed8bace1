import type { Tokenizer } from './tokenizer.js';

/**
 * Another tokenizer restricted to some of its ids, renumbered 0..n-1 in ascending order of the base ids, so a model
 * trained on a small corpus needs an output layer of n rows instead of the base vocabulary's. Text is encoded and
 * decoded by the base tokenizer through the map, so it reads exactly as the base tokenizer's would.
 */
export class CompactTokenizer implements Tokenizer {
  readonly name: string;
  readonly vocabSize: number;
  /** The base tokenizer's id of each compact id, ascending. */
  readonly baseIds: readonly number[];
  readonly #compactIds: ReadonlyMap<number, number>;

  constructor(
    readonly base: Tokenizer,
    baseIds: Iterable<number>,
  ) {
    this.baseIds = [...new Set(baseIds)].sort((a, b) => a - b);
    for (const id of this.baseIds) base.token(id); // throws for an id outside the base vocabulary
    this.#compactIds = new Map(this.baseIds.map((id, i) => [id, i]));
    this.vocabSize = this.baseIds.length;
    this.name = `${base.name}-compact`;
  }

  encode(text: string): number[] {
    return this.base.encode(text).map((id) => {
      const compact = this.#compactIds.get(id);
      if (compact === undefined) {
        throw new RangeError(
          `'${text}' has ${this.base.name} token ${id} ('${this.base.token(id)}'), which is not in the compact vocabulary of ${this.vocabSize} tokens`,
        );
      }
      return compact;
    });
  }

  decode(ids: readonly number[]): string {
    return this.base.decode(ids.map((id) => this.baseId(id)));
  }

  id(token: string): number {
    const ids = this.encode(token);
    if (ids.length !== 1) throw new RangeError(`'${token}' is ${ids.length} tokens, not one`);
    return ids[0];
  }

  token(id: number): string {
    return this.base.token(this.baseId(id));
  }

  /** The base tokenizer's id of a compact id. */
  baseId(id: number): number {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
      throw new RangeError(`token id ${id} is outside the compact vocabulary [0, ${this.vocabSize})`);
    }
    return this.baseIds[id];
  }
}
