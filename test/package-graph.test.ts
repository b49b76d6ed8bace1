// docs/ARCHITECTURE.md draws the package graph; this keeps the drawing, the manifests and the imports in agreement,
// and the graph (of packages, and of the modules inside each package) free of cycles.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGE_DIRS: Record<string, string> = {
  native: 'native',
  ...Object.fromEntries(readdirSync(join(root, 'packages')).map((name) => [name, `packages/${name}`])),
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Source files of a package: native's loader, or every file under src/. */
function packageSources(name: string): string[] {
  return name === 'native' ? [join(root, 'native/index.ts')] : sourceFiles(join(root, PACKAGE_DIRS[name], 'src'));
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]);
}

function clusterlensImports(name: string): Set<string> {
  const used = new Set<string>();
  for (const file of packageSources(name)) {
    for (const spec of specifiers(file)) {
      const match = /^@clusterlens\/([a-z]+)$/.exec(spec);
      if (match) used.add(match[1]);
    }
  }
  return used;
}

function manifestDependencies(name: string): string[] {
  const manifest = JSON.parse(readFileSync(join(root, PACKAGE_DIRS[name], 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {})
    .filter((dep) => dep.startsWith('@clusterlens/'))
    .map((dep) => dep.slice('@clusterlens/'.length))
    .sort();
}

/** The `- \`@clusterlens/x\` -> a, b[:.]` lines of the architecture document. */
function documentedGraph(): Map<string, string[]> {
  const text = readFileSync(join(root, 'docs/ARCHITECTURE.md'), 'utf8');
  const graph = new Map<string, string[]>();
  for (const [, name, deps] of text.matchAll(/^- `@clusterlens\/([a-z]+)` -> ([^.:]*)[.:]/gm)) {
    graph.set(name, deps.trim() === '(nothing)' ? [] : deps.split(',').map((d) => d.trim()).sort());
  }
  return graph;
}

/** A cycle in `edges`, as the list of its nodes, or null. */
function findCycle(edges: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('the package graph', () => {
  const packages = Object.keys(PACKAGE_DIRS).sort();

  it('docs/ARCHITECTURE.md lists every package with exactly its manifest dependencies', () => {
    const documented = documentedGraph();
    expect([...documented.keys()].sort()).toEqual(packages);
    for (const name of packages) expect(documented.get(name), `@clusterlens/${name}`).toEqual(manifestDependencies(name));
  });

  it('each package imports exactly the clusterlens packages its manifest declares', () => {
    for (const name of packages) expect([...clusterlensImports(name)].sort(), `@clusterlens/${name}`).toEqual(manifestDependencies(name));
  });

  it('has no cycle between packages', () => {
    expect(findCycle(new Map(packages.map((name) => [name, manifestDependencies(name)])))).toBeNull();
  });

  it('has no cycle between the modules of any package', () => {
    for (const name of packages) {
      const files = packageSources(name);
      const edges = new Map(
        files.map((file) => [
          relative(root, file),
          specifiers(file)
            .filter((spec) => spec.startsWith('.'))
            .map((spec) => relative(root, resolve(dirname(file), spec.replace(/\.js$/, '.ts')))),
        ]),
      );
      expect(findCycle(edges)?.join(' -> ') ?? null, `@clusterlens/${name}`).toBeNull();
    }
  });

  it('finds a cycle when there is one, so the checks above can fail', () => {
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(new Map([['a', ['b']], ['b', []]]))).toBeNull();
  });
});
