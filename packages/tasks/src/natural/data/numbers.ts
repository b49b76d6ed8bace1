/** The numbers 1..30, written with digits. */
export const NUMBERS: readonly number[] = Array.from({ length: 30 }, (_, i) => i + 1);
