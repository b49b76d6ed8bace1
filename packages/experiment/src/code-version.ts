// The code half of a trial id: a hash of the code that determines a trial's results, so editing a kernel, a sampler
// or a metric gives every trial a new id and a re-run computes it again instead of returning the stored result.
//
// What is hashed: the built JavaScript of every package a trial imports (the engine's loader included), and the
// native engine's sources. Not its binary: one source tree compiles to different binaries on different machines
// (compilers, CUDA or not), and a sweep's coordinator and workers must agree on ids. Nor the instruction-set path a
// machine runs: every path gives the same bits (native/README.md, "Determinism").
import { createHash, type Hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The packages whose built JavaScript (dist/**\/*.js) runs in a trial, in hashing order. */
const JAVASCRIPT_PACKAGES = ['experiment', 'model', 'tasks', 'probe', 'stats', 'schema'] as const;
/** What the engine is compiled from, relative to its package root: folders are hashed whole. */
const NATIVE_SOURCES = ['src', 'include', 'binding', 'CMakeLists.txt'] as const;

export type TrialCodePackage = (typeof JAVASCRIPT_PACKAGES)[number] | 'native';

export interface TrialCodeVersionOptions {
  /**
   * Package roots (folders holding the package.json) to hash instead of the installed packages, e.g.
   * `{ native: '/tmp/copy-of-native' }` to see the version of edited engine sources without touching the tree.
   */
  roots?: Partial<Record<TrialCodePackage, string>>;
}

const versions = new Map<string, string>();

/**
 * 16 hex digits of sha256 over the built JavaScript of @clusterlens/experiment, model, tasks, probe, stats and schema
 * (each file's path relative to its package and its bytes, in path order) and the native engine's sources
 * (src/, include/, binding/, CMakeLists.txt) with its built loader (dist/). Computed once per process and set of roots (tens of milliseconds).
 */
export function trialCodeVersion(options: TrialCodeVersionOptions = {}): string {
  const roots = options.roots ?? {};
  const key = JSON.stringify(Object.entries(roots).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  let version = versions.get(key);
  if (version === undefined) {
    version = computeVersion(roots);
    versions.set(key, version);
  }
  return version;
}

function computeVersion(overrides: Partial<Record<TrialCodePackage, string>>): string {
  const hash = createHash('sha256');
  const found: string[] = [];
  const rootOf = (name: TrialCodePackage): string => {
    const root = overrides[name] ?? packageRoot(name, found);
    found.push(root);
    return root;
  };
  for (const name of JAVASCRIPT_PACKAGES) {
    const root = rootOf(name);
    const files = listFiles(join(root, 'dist'), '').filter((file) => file.endsWith('.js'));
    if (files.length === 0) {
      throw new Error(`@clusterlens/${name}: no built JavaScript in ${join(root, 'dist')}; build the packages (npm run build) first`);
    }
    hashPackage(hash, name, root, files.map((file) => `dist/${file}`));
  }
  const native = rootOf('native');
  const sources = NATIVE_SOURCES.flatMap((entry) => {
    const stat = statSync(join(native, entry), { throwIfNoEntry: false });
    return stat?.isDirectory() ? listFiles(join(native, entry), `${entry}/`) : stat?.isFile() ? [entry] : [];
  });
  if (sources.length === 0) throw new Error(`@clusterlens/native: no engine sources (${NATIVE_SOURCES.join(', ')}) in ${native}`);
  // The engine's JavaScript loader (which binary it loads, how it checks arguments) runs in every trial too.
  const loader = listFiles(join(native, 'dist'), 'dist/').filter((file) => file.endsWith('.js'));
  hashPackage(hash, 'native', native, [...sources, ...loader]);
  return hash.digest('hex').slice(0, 16);
}

/** Each file as its path, its length and its bytes, so no two different trees feed the hash the same stream. */
function hashPackage(hash: Hash, name: string, root: string, files: string[]): void {
  hash.update(`package\0${name}\0${files.length}\0`);
  for (const file of files.sort(byCodeUnits)) {
    const bytes = readFileSync(join(root, file));
    hash.update(`${file}\0${bytes.length}\0`);
    hash.update(bytes);
  }
}

/** Files below `dir` as `prefix` + '/'-separated relative paths; none if `dir` does not exist. */
function listFiles(dir: string, prefix: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...listFiles(join(dir, entry.name), `${prefix}${entry.name}/`));
    else if (entry.isFile()) out.push(`${prefix}${entry.name}`);
  }
  return out;
}

/** Path order by UTF-16 code units: the same on every machine, unlike localeCompare. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The folder of `@clusterlens/<name>`'s package.json, as a trial would import it: resolved from here (the workspace
 * or an npm install), or else from the packages found so far (a dependency installed below its dependent).
 */
function packageRoot(name: TrialCodePackage, found: readonly string[]): string {
  const specifier = `@clusterlens/${name}`;
  let entry: string | undefined;
  try {
    entry = fileURLToPath(import.meta.resolve(specifier));
  } catch {
    for (const parent of found) {
      try {
        entry = createRequire(pathToFileURL(join(parent, 'package.json'))).resolve(`${specifier}/package.json`);
        break;
      } catch {
        // not installed below this one
      }
    }
  }
  if (entry === undefined) throw new Error(`${specifier} cannot be resolved from ${fileURLToPath(import.meta.url)}; is it installed?`);
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === specifier) return dir;
    if (dirname(dir) === dir) throw new Error(`${specifier}: no package.json names it above ${entry}`);
  }
}
