// docs/ARCHITECTURE.md: the report "reads any stored metrics, so it can be imported on its own": among clusterlens
// packages it depends on the schema (names, file formats) and the statistics only, never on the engine, the model,
// the experiment or the sweep.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

function dependencies(): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {});
}

/** The clusterlens packages the report may use. */
const CLUSTERLENS_PACKAGES = ['@clusterlens/schema', '@clusterlens/stats'];

// DuckDB reads the stores; Vega, Vega-Lite and resvg draw the figures (TOOLCHAIN.md); nothing else.
const OTHER_PACKAGES = ['@duckdb/node-api', 'vega', 'vega-lite', '@resvg/resvg-js'];

describe('@clusterlens/report stands alone', () => {
  it('depends on no clusterlens package but the schema and the statistics', () => {
    expect(dependencies().filter((name) => name.startsWith('@clusterlens/')).sort()).toEqual(CLUSTERLENS_PACKAGES);
  });

  it('imports only its own files, node: modules, the schema, the statistics, DuckDB and the figure renderers', () => {
    const allowed = [...CLUSTERLENS_PACKAGES, ...OTHER_PACKAGES];
    for (const file of sourceFiles(join(root, 'src'))) {
      const specifiers = [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const specifier of specifiers) {
        expect(specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('node:') || allowed.includes(specifier), `${file}: ${specifier}`).toBe(true);
      }
    }
  });

  it('declares every package it imports as a dependency', () => {
    for (const name of [...CLUSTERLENS_PACKAGES, ...OTHER_PACKAGES]) expect(dependencies()).toContain(name);
  });
});
