// @clusterlens/sweep: sweeps of any registered trial function. Knows nothing about models.
export { SpecError } from './errors.js';
export { canonicalJson, type JsonObject, type JsonValue } from './json.js';
export { parseSweepSpec, parseSweepYaml, sweepSpecSchema, type Axis, type Distribution, type RandomAxis, type SweepSpec, type SweepSpecInput } from './spec.js';
export { MAX_TRIALS, plan, type PlannedTrial, type PlanOptions, type ValidateConfig } from './plan.js';
export { trialId } from './trial-id.js';
export { getTrialFunction, registeredTrialFunctions, registerTrialFunction, type TrialFunctionRegistration } from './registry.js';
export type { TrialFunction, TrialFunctionContext, TrialFunctionResult, TrialProgress, TrialRow } from './trial-function.js';
export { STORE_FILE, SweepStore, type ExportFormat, type OpenStoreOptions, type StoredMetric, type TrialRecord, type TrialStatus } from './store.js';
export { exportSweep } from './export.js';
export { TrialError, type Executor, type ExecutorRunOptions, type ExecutorTask } from './executors/executor.js';
export { checkThreadBudget, LocalExecutor, type LocalExecutorOptions } from './executors/local.js';
export { backoffMs, isRetryable } from './retry.js';
export type { RunningTrial, SweepEvent, SweepProgress } from './progress.js';
export { runSweep, type RunSweepOptions, type SweepFailure, type SweepResult } from './run.js';
