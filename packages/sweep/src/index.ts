// @clusterlens/sweep: sweeps of any registered trial function. Knows nothing about models.
// The shared contract (metric rows, the store's tables, UserError and isRetryable) comes from @clusterlens/schema.
export { SpecError } from './errors.js';
export { canonicalJson, type JsonObject, type JsonValue } from './json.js';
export { parseSweepSpec, parseSweepYaml, sweepSpecSchema, type Axis, type BaseInput, type Distribution, type RandomAxis, type SweepSpec, type SweepSpecInput } from './spec.js';
export { readSweepSpecFile } from './spec-file.js';
export { MAX_TRIALS, plan, type PlannedTrial, type PinConfig, type PlanOptions, type ValidateConfig } from './plan.js';
export { trialId } from './trial-id.js';
export { getTrialFunction, registeredTrialFunctions, registerTrialFunction, type EnsembleRegistration, type TrialFunctionRegistration } from './registry.js';
export type {
  EnsembleConfig,
  EnsembleFunction,
  EnsembleFunctionResult,
  EnsembleMemberTask,
  MemberRows,
  TrialFunction,
  TrialFunctionContext,
  TrialFunctionResult,
  TrialProgress,
} from './trial-function.js';
export { SweepStore, type ExportFormat, type OpenStoreOptions, type TrialRecord } from './store.js';
export { exportSweep } from './export.js';
export { TrialError, type Executor, type ExecutorRunOptions, type ExecutorTask } from './executors/executor.js';
export { checkThreadBudget, LocalExecutor, type LocalExecutorOptions } from './executors/local.js';
export { backoffMs, retryDelayMs } from './retry.js';
export type { RunningTrial, SweepEvent, SweepProgress } from './progress.js';
export { latestRows, readSweepStatus, readTaskSweepStatus, readTrialMetrics, type RunningTrialView, type SweepStatusView } from './sweep-status.js';
export { groupJobs, runSweep, type RunSweepOptions, type SweepFailure, type SweepResult } from './run.js';
export { RedisExecutor, type RedisExecutorOptions } from './executors/redis.js';
export { runQueueWorker, type QueueWorkerOptions, type QueueWorkerSummary } from './redis/queue-worker.js';
export { checkRedis, RedisUnreachableError } from './redis/connect.js';
export { DEFAULT_QUEUE, type TrialJobData, type TrialJobResult } from './redis/job.js';
export { redactRedisUrl, type RedisTarget } from './redis/url.js';
export { flatColumns, flatColumnSql, FLAT_COLUMN_PREFIX, type FlatColumn, type FlatColumnType } from './flatten-config.js';
export { readTrialResult, RESULT_FILE, trialFolder, writeTrialResult, type TrialDoneFile, type TrialFailedFile, type TrialResultFile } from './result-file.js';
export { runSweepTask, taskCount, taskTrials, type SweepTaskEvent, type SweepTaskOptions, type SweepTaskResult } from './task.js';
export { collectSweep, type CollectOptions, type CollectResult } from './collect.js';
