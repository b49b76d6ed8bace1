// Trial functions by name. Registrations hold a module URL and an export name, not the function itself,
// because the function runs in worker threads (or on other machines) that import the module themselves.
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { SpecError } from './errors.js';
import type { PinConfig, ValidateConfig } from './plan.js';

export interface TrialFunctionRegistration {
  /**
   * What a worker thread imports: a file URL (best: `import.meta.resolve('my-package')` or
   * `new URL('./trial.js', import.meta.url).href`), a path (made absolute here), or a bare specifier
   * (resolved from the worker's own location, so only packages the sweep package can see).
   */
  module: string;
  /** The exported trial function's name. */
  export: string;
  /** Plan-time check of each resolved config; throws an error naming the config path. */
  validate?: ValidateConfig;
  /** What each resolved config is completed with before its trial id is computed (PinConfig). */
  pin?: PinConfig;
  /** Version of the code behind the function; part of every trial id, so new code re-runs every trial. */
  codeVersion: string;
  /** Trials the function may train together (an ensemble, e.g. one GPU job for many seeds); absent: each alone. */
  ensemble?: EnsembleRegistration;
}

export interface EnsembleRegistration {
  /** The module's EnsembleFunction export (trial-function.ts). */
  export: string;
  /**
   * Trials whose configs get the same key (those that differ only by their seed, say) run as one ensemble job on their
   * first attempt; undefined: the trial runs alone. A retry always runs alone.
   */
  groupKey: (config: unknown) => string | undefined;
  /** Most members in one job (default 64). */
  maxMembers?: number;
}

const registry = new Map<string, TrialFunctionRegistration>();

/** Registers (or replaces) the trial function a spec names with `trial: <name>`. */
export function registerTrialFunction(name: string, registration: TrialFunctionRegistration): void {
  if (!name) throw new TypeError('registerTrialFunction: the name must be a non-empty string');
  for (const key of ['module', 'export', 'codeVersion'] as const) {
    if (typeof registration[key] !== 'string' || registration[key].length === 0) {
      throw new TypeError(`registerTrialFunction('${name}'): '${key}' must be a non-empty string`);
    }
  }
  const { ensemble } = registration;
  if (ensemble && (typeof ensemble.export !== 'string' || !ensemble.export || typeof ensemble.groupKey !== 'function')) {
    throw new TypeError(`registerTrialFunction('${name}'): 'ensemble' needs an 'export' name and a 'groupKey' function`);
  }
  if (ensemble?.maxMembers !== undefined && !(Number.isInteger(ensemble.maxMembers) && ensemble.maxMembers >= 1)) {
    throw new TypeError(`registerTrialFunction('${name}'): 'ensemble.maxMembers' must be a positive integer, got ${ensemble.maxMembers}`);
  }
  registry.set(name, { ...registration, module: toImportable(registration.module) });
}

export function getTrialFunction(name: string): TrialFunctionRegistration {
  const registration = registry.get(name);
  if (registration) return registration;
  const known = [...registry.keys()];
  throw new SpecError(
    `trial: no trial function named '${name}' is registered (${known.length ? `registered: ${known.join(', ')}` : 'none is registered'}); ` +
      'call registerTrialFunction() before running the sweep',
  );
}

export function registeredTrialFunctions(): string[] {
  return [...registry.keys()];
}

/** A relative path would resolve against the worker's file, not the caller's working folder: pin it now. */
function toImportable(module: string): string {
  if (module.startsWith('./') || module.startsWith('../') || isAbsolute(module)) return pathToFileURL(resolve(module)).href;
  return module;
}
