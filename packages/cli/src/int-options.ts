// Parsers of integer options for commander: the error names the flag and what it takes.
import { InvalidArgumentError } from 'commander';

function integerAtLeast(min: number, what: string) {
  return (flag: string) =>
    (text: string): number => {
      const n = Number(text);
      if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${flag} must be ${what}, got '${text}'`);
      return n;
    };
}

export const positiveInt = integerAtLeast(1, 'a positive integer');
export const nonNegativeInt = integerAtLeast(0, 'a non-negative integer');
