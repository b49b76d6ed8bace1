// ARCHITECTURE.md: aggregate "reads any stored metrics, so it can be imported on its own" — no other
// @clusterlens package among its dependencies or imports.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

describe('@clusterlens/aggregate stands alone', () => {
  it('depends on no other @clusterlens package', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith('@clusterlens/'))).toEqual([]);
  });

  // DuckDB reads the stores; Vega, Vega-Lite and resvg draw the figures (TOOLCHAIN.md); nothing else.
  const ALLOWED_PACKAGES = ['@duckdb/node-api', 'vega', 'vega-lite', '@resvg/resvg-js'];

  it('imports only its own files, node: modules, DuckDB and the figure renderers', () => {
    for (const file of sourceFiles(join(root, 'src'))) {
      const specifiers = [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const specifier of specifiers) {
        expect(specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('node:') || ALLOWED_PACKAGES.includes(specifier), `${file}: ${specifier}`).toBe(true);
      }
    }
  });

  it('declares every package it imports as a dependency', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const name of ALLOWED_PACKAGES) expect(Object.keys(manifest.dependencies ?? {})).toContain(name);
  });
});
