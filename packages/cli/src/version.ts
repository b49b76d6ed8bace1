// The version of clusterlens: the @clusterlens/cli package's.
import { readFileSync } from 'node:fs';

/** This package's version (`--version`): package.json sits one folder above both src/ and dist/. */
export function cliVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
