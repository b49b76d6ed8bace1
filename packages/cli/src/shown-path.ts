// Paths as the commands print them.
import { relative } from 'node:path';

/** Relative to where the command ran when the file is below it; absolute otherwise. */
export function shownPath(file: string): string {
  const path = relative(process.cwd(), file);
  return path === '' ? '.' : path.startsWith('..') ? file : path;
}
