/**
 * Instruction regular expressions are regular expressions over word tokens, not characters:
 *
 *   pattern     = alternative ( "|" alternative )*
 *   alternative = item*                         items are separated by whitespace (or by groups)
 *   item        = atom quantifier?              the quantifier follows its atom directly, without a space
 *   atom        = word | "(" pattern ")"
 *   quantifier  = "?" | "{" n "}" | "{" n "," m "}"      0 <= n <= m, m >= 1
 *   word        = a run of characters other than whitespace and ( ) | ? { } * + [ ] . ^ $ \
 *                 where "\" makes the next character part of the word
 *
 * So `w3 (w1|w7) w5? (w2){1,3}` is: w3, then w1 or w7, then optionally w5, then one to three w2. A quantifier
 * applies to the whole word before it. Repetition is bounded (no `*` or `+`), so every pattern has a longest
 * instruction that can be checked against the context length.
 */
export type PatternNode =
  | { readonly kind: 'word'; readonly word: string }
  | { readonly kind: 'sequence'; readonly items: readonly PatternNode[] }
  | { readonly kind: 'alternation'; readonly options: readonly PatternNode[] }
  | { readonly kind: 'repeat'; readonly node: PatternNode; readonly min: number; readonly max: number };

/** A pattern that cannot be parsed; `problem` says why, `position` is the 0-based character offset. */
export class PatternSyntaxError extends Error {
  constructor(
    readonly pattern: string,
    readonly problem: string,
    readonly position: number,
  ) {
    super(`regex "${pattern}" cannot be parsed: ${problem}`);
    this.name = 'PatternSyntaxError';
  }
}

/** Larger repetition counts are almost certainly a typo and would make the language astronomically large. */
const MAX_REPEAT = 64;
const UNSUPPORTED: Record<string, string> = {
  '*': "unbounded repetition '*' is not supported, use {0,n}",
  '+': "unbounded repetition '+' is not supported, use {1,n}",
  '[': "character classes '[...]' are not supported: tokens are whole words (escape as \\[ for a literal)",
  ']': "unexpected ']' (escape as \\] for a literal)",
  '.': "'.' is not supported: tokens are whole words (escape as \\. for a literal)",
  '^': "anchors are not supported: the pattern always spans the whole instruction (escape as \\^ for a literal)",
  '$': "anchors are not supported: the pattern always spans the whole instruction (escape as \\$ for a literal)",
};
const SPECIAL = new Set(['(', ')', '|', '?', '{', '}', '\\', ...Object.keys(UNSUPPORTED)]);

export function parsePattern(pattern: string): PatternNode {
  return new Parser(pattern).parseAll();
}

class Parser {
  private at = 0;

  constructor(private readonly text: string) {}

  parseAll(): PatternNode {
    this.skipSpace();
    if (this.at >= this.text.length) this.fail('the regex is empty', 0);
    const node = this.parseAlternation();
    if (this.at < this.text.length) {
      // The only way the alternation stops early is an unmatched ')'.
      this.fail(`unmatched ')' at position ${this.at}`);
    }
    return node;
  }

  private parseAlternation(): PatternNode {
    const options = [this.parseSequence()];
    while (this.peek() === '|') {
      this.at++;
      options.push(this.parseSequence());
    }
    return options.length === 1 ? options[0] : { kind: 'alternation', options };
  }

  private parseSequence(): PatternNode {
    const items: PatternNode[] = [];
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      if (c === undefined || c === '|' || c === ')') break;
      let atom: PatternNode;
      if (c === '(') {
        const open = this.at++;
        this.skipSpace();
        if (this.peek() === ')') this.fail(`empty group at position ${open}`, open);
        atom = this.parseAlternation();
        if (this.peek() !== ')') this.fail(`unclosed group opened at position ${open}`, open);
        this.at++;
      } else if (c === '?' || c === '{') {
        this.fail(`quantifier '${c}' at position ${this.at} must directly follow a word or ')'`);
      } else if (c === '}') {
        this.fail(`unexpected '}' at position ${this.at}`);
      } else if (UNSUPPORTED[c] !== undefined) {
        this.fail(`${UNSUPPORTED[c]} (position ${this.at})`);
      } else {
        atom = { kind: 'word', word: this.parseWord() };
      }
      items.push(this.parseQuantifier(atom!));
    }
    return items.length === 1 ? items[0] : { kind: 'sequence', items };
  }

  private parseWord(): string {
    let word = '';
    while (this.at < this.text.length) {
      const c = this.text[this.at];
      if (/\s/.test(c)) break;
      if (c === '\\') {
        if (this.at + 1 >= this.text.length) this.fail("trailing '\\' escapes nothing");
        word += this.text[this.at + 1];
        this.at += 2;
        continue;
      }
      if (SPECIAL.has(c)) break;
      word += c;
      this.at++;
    }
    return word;
  }

  private parseQuantifier(atom: PatternNode): PatternNode {
    const c = this.peek();
    let node = atom;
    if (c === '?') {
      this.at++;
      node = { kind: 'repeat', node: atom, min: 0, max: 1 };
    } else if (c === '{') {
      const open = this.at;
      const close = this.text.indexOf('}', open);
      if (close < 0) this.fail(`unclosed repetition '{' at position ${open}`, open);
      const body = this.text.slice(open + 1, close);
      const match = /^\s*(\d+)\s*(?:,\s*(\d+)\s*)?$/.exec(body);
      if (!match) this.fail(`repetition '{${body}}' at position ${open} is not {n} or {n,m}`, open);
      const min = Number(match![1]);
      const max = match![2] === undefined ? min : Number(match![2]);
      if (max < min) this.fail(`repetition '{${body}}' at position ${open} has max < min`, open);
      if (max < 1) this.fail(`repetition '{${body}}' at position ${open} allows no occurrence`, open);
      if (max > MAX_REPEAT) this.fail(`repetition '{${body}}' at position ${open} exceeds ${MAX_REPEAT}`, open);
      this.at = close + 1;
      node = { kind: 'repeat', node: atom, min, max };
    } else if (c === '*' || c === '+') {
      this.fail(`${UNSUPPORTED[c]} (position ${this.at})`);
    }
    const next = this.peek();
    if (node !== atom && (next === '?' || next === '{' || next === '*' || next === '+')) {
      this.fail(`quantifier '${next}' at position ${this.at} has nothing to repeat (group the item first)`);
    }
    return node;
  }

  private peek(): string | undefined {
    return this.at < this.text.length ? this.text[this.at] : undefined;
  }

  private skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
  }

  private fail(problem: string, position = this.at): never {
    throw new PatternSyntaxError(this.text, problem, position);
  }
}

/** The words a pattern mentions, in order of first appearance. */
export function patternWords(node: PatternNode): string[] {
  const seen = new Set<string>();
  const visit = (n: PatternNode): void => {
    switch (n.kind) {
      case 'word':
        seen.add(n.word);
        return;
      case 'sequence':
        n.items.forEach(visit);
        return;
      case 'alternation':
        n.options.forEach(visit);
        return;
      case 'repeat':
        visit(n.node);
        return;
    }
  };
  visit(node);
  return [...seen];
}
