// What every `clusterlens sweep` command shares: the clusterlens trial function and reading a spec file.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

import { ConfigError, parseTrialConfig } from '@clusterlens/experiment';
import { getTrialFunction, parseSweepYaml, plan, registerTrialFunction, type PlannedTrial, type SweepSpec } from '@clusterlens/sweep';

/**
 * Registers the clusterlens trial ('clusterlens', the spec default). The module is resolved here, where
 * @clusterlens/experiment is a dependency, into a file URL that the sweep's worker threads can import. The code
 * version is experiment's package version: part of every trial id, so a new release re-runs every trial.
 */
export function registerClusterlensTrial(): void {
  const module = import.meta.resolve('@clusterlens/experiment');
  registerTrialFunction('clusterlens', {
    module,
    export: 'sweepTrial',
    validate: (config, source) => {
      // The executor gives each trial its threads; a `threads` in the config would be ignored, yet change the id.
      if (typeof config === 'object' && config !== null && 'threads' in config) {
        throw new ConfigError(`${source}: threads: each trial's threads come from the sweep (threadsPerTrial, --threads); remove 'threads' from the config`);
      }
      parseTrialConfig(config, source);
    },
    codeVersion: `@clusterlens/experiment@${packageVersion(module)}`,
  });
}

function packageVersion(moduleUrl: string): string {
  // dist/index.js -> the package's own package.json
  const manifest = new URL('../package.json', moduleUrl);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

export async function readSpec(file: string): Promise<SweepSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read the sweep spec: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseSweepYaml(text, file);
}

/** Plans with the spec's registered trial function; errors start with the spec file's name. */
export function planSpec(spec: SweepSpec, file: string): PlannedTrial[] {
  try {
    return plan(spec, getTrialFunction(spec.trial));
  } catch (error) {
    if (error instanceof Error) error.message = `${file}: ${error.message}`;
    throw error;
  }
}
