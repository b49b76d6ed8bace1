// Vega's browser build (vega.min.js, UMD: defines window.vega), to inline in report.html. The package's exports
// do not list it, so it is found beside the module build that `vega` resolves to.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function vegaBrowserBuildPath(): string {
  const moduleBuild = createRequire(import.meta.url).resolve('vega');
  const file = join(dirname(moduleBuild), 'vega.min.js');
  if (!existsSync(file)) throw new Error(`${file} not found: the vega package is incomplete (npm install vega@6.4.0)`);
  return file;
}

export async function readVegaBrowserBuild(): Promise<string> {
  return readFile(vegaBrowserBuildPath(), 'utf8');
}
