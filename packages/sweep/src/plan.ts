// plan(): a spec becomes the list of trials to run, interventions x grid (and counted random draws) x samples x seeds.
import { axisValues, gridPoints } from './axes.js';
import { deepMerge, setPath } from './config-paths.js';
import { SpecError } from './errors.js';
import { formatValue, type JsonValue } from './json.js';
import { drawSamples, isSampledAxis } from './samples.js';
import { parseSweepSpec, type RandomAxis, type SweepSpec, type SweepSpecInput } from './spec.js';
import { trialId } from './trial-id.js';

export interface PlannedTrial {
  /** sha256 of the canonical resolved config and the code version, 16 hex digits. */
  id: string;
  /** `all optimizer.lr=0.002 seed=1`: intervention, `sample=<s>` (with samples), axis values, seed. */
  label: string;
  intervention: string;
  seed: number;
  /** The joint draw this trial took its sampled axes' values from, 0-based; only in a spec with `samples`. */
  sample?: number;
  /** Axis path -> this trial's value, in the spec's axis order. */
  axes: Record<string, JsonValue>;
  /** The resolved config: base, then the intervention patch, then axis values, then the seed. */
  config: Record<string, unknown>;
  /** The code version the id was computed with (the registration's, at plan time); stored with the trial. */
  codeVersion: string;
}

/** Checks one resolved config; throws with a message that names the config path. `source` says where it came from. */
export type ValidateConfig = (config: unknown, source: string) => void;

/**
 * Fills in what a resolved config leaves implicit but its results depend on (e.g. the hash of the weights a path
 * names), so that the trial id and the stored config name it. Returns the config unchanged when nothing applies or
 * when it cannot tell (the validate hook reports a config it cannot read).
 */
export type PinConfig = (config: Record<string, unknown>) => Record<string, unknown>;

export interface PlanOptions {
  /** Version of the code that runs the trials; part of every trial id. */
  codeVersion: string;
  /** The trial function's plan-time check, so a bad config fails before anything runs. */
  validate?: ValidateConfig;
  /** Applied to each trial's config before its id is computed. */
  pin?: PinConfig;
}

/** Past this a spec is almost certainly a typo (a count of 1e6 instead of 1e3); the store and the queue hold every trial. */
export const MAX_TRIALS = 1_000_000;

export function plan(input: SweepSpec | SweepSpecInput, options: PlanOptions): PlannedTrial[] {
  if (!options.codeVersion) throw new SpecError('plan: codeVersion is required (the version of the code that runs the trials)');
  const spec = parseSweepSpec(input);
  const crossed = Object.entries(spec.axes)
    .filter(([, axis]) => !isSampledAxis(axis))
    .map(([path, axis]) => [path, axisValues(path, axis, spec.randomSeed)] as const);
  const sampled = Object.entries(spec.axes).filter((entry): entry is [string, RandomAxis] => isSampledAxis(entry[1]));
  const interventions = Object.entries(spec.interventions);
  const size = interventions.length * crossed.reduce((n, [, values]) => n * values.length, 1) * (spec.samples ?? 1) * spec.seeds.length;
  if (size > MAX_TRIALS) throw new SpecError(`the sweep expands to ${size} trials, more than ${MAX_TRIALS}; check the axes' counts, samples and the seeds`);

  const points = gridPoints(crossed);
  // Without `samples` there is one empty sample: the grid alone, labelled as before.
  const samples = spec.samples === undefined ? [undefined] : drawSamples(sampled, spec.samples, spec.randomSeed).map((values, index) => ({ index, values }));
  const axisOrder = Object.keys(spec.axes);
  const trials: PlannedTrial[] = [];
  for (const [intervention, patch] of interventions) {
    const patched = deepMerge(spec.base, patch);
    for (const point of points) {
      for (const sample of samples) {
        // Axis values in the spec's order, whichever kind of axis each came from.
        const values = { ...point, ...sample?.values };
        const trialAxes = Object.fromEntries(axisOrder.map((path) => [path, values[path]!]));
        const withAxes = structuredClone(patched);
        for (const [path, value] of Object.entries(trialAxes)) setPath(withAxes, path, value, `axes.${path}`);
        for (const seed of spec.seeds) {
          const withSeed = structuredClone(withAxes);
          setPath(withSeed, spec.seedPath, seed, 'seedPath');
          const config = options.pin ? options.pin(withSeed) : withSeed;
          const label = [
            intervention,
            ...(sample ? [`sample=${sample.index}`] : []),
            ...Object.entries(trialAxes).map(([p, v]) => `${p}=${formatValue(v)}`),
            `seed=${seed}`,
          ].join(' ');
          const trial: PlannedTrial = { id: trialId(config, options.codeVersion), label, intervention, seed, axes: trialAxes, config, codeVersion: options.codeVersion };
          if (sample) trial.sample = sample.index;
          trials.push(trial);
        }
      }
    }
  }
  rejectDuplicates(trials);
  if (options.validate) validateAll(spec, trials, options.validate);
  return trials;
}

/** Two trials with one id would be one result stored twice; the spec must not make the same config twice. */
function rejectDuplicates(trials: PlannedTrial[]): void {
  const byId = new Map<string, PlannedTrial>();
  for (const trial of trials) {
    const other = byId.get(trial.id);
    if (other) {
      throw new SpecError(
        `trials '${other.label}' and '${trial.label}' resolve to the same config (id ${trial.id}); ` +
          'make the interventions differ, or drop one',
      );
    }
    byId.set(trial.id, trial);
  }
}

/**
 * Runs the trial function's check on every trial. A failure is reported against the first spec entry that
 * breaks it: the base alone, then the intervention, then the trial's axis values, so the message points at
 * what to edit.
 */
function validateAll(spec: SweepSpec, trials: PlannedTrial[], validate: ValidateConfig): void {
  for (const trial of trials) {
    try {
      validate(trial.config, `trial '${trial.label}'`);
    } catch (trialError) {
      const seeded = (config: Record<string, unknown>) => {
        const copy = structuredClone(config);
        setPath(copy, spec.seedPath, trial.seed, 'seedPath');
        return copy;
      };
      attempt(validate, seeded(spec.base), 'base');
      const intervention = `interventions.${trial.intervention}`;
      attempt(validate, seeded(deepMerge(spec.base, spec.interventions[trial.intervention]!)), intervention);
      throw new SpecError(located(trialError, `trial '${trial.label}'`), { cause: trialError });
    }
  }
}

function attempt(validate: ValidateConfig, config: unknown, source: string): void {
  try {
    validate(config, source);
  } catch (error) {
    throw new SpecError(located(error, source), { cause: error });
  }
}

/** The message, starting with where the config came from unless the validate hook already said so. */
function located(error: unknown, source: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith(`${source}:`) ? message : `${source}: ${message}`;
}
