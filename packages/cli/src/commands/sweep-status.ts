// clusterlens sweep status <dir>: done, running and failed trials, and the latest metrics of running ones, read
// without disturbing a running coordinator.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { readSweepStatus, readTaskSweepStatus, type SweepStatusView } from '@clusterlens/sweep';
import { STATUS_FILE, type LoggedMetricRow, type StatusTrial } from '@clusterlens/schema';

import { SWEEP_SPEC_COPY } from './slurm.js';
import { formatDuration, formatTable } from './sweep-table.js';
import { readSpec, registerClusterlensTrial } from './sweep-trials.js';

export interface SweepStatusOptions {
  json?: boolean;
}

export async function sweepStatusCommand(dir: string, options: SweepStatusOptions): Promise<number> {
  const view = await readView(dir);
  process.stdout.write(options.json ? `${JSON.stringify(view, null, 2)}\n` : formatStatus(view));
  return 0;
}

/** An array-mode sweep (its spec's copy, no coordinator's status) is read from its trials' folders; others from the store. */
async function readView(dir: string): Promise<SweepStatusView> {
  const specCopy = join(dir, SWEEP_SPEC_COPY);
  if (!existsSync(specCopy) || existsSync(join(dir, STATUS_FILE))) return readSweepStatus(dir);
  registerClusterlensTrial();
  return readTaskSweepStatus(await readSpec(specCopy), dir);
}

export function formatStatus(view: SweepStatusView): string {
  const count = (status: StatusTrial['status']) => view.trials.filter((t) => t.status === status).length;
  const lines: string[] = [];
  if (view.live) {
    const { state, updatedAt, coordinator, progress } = view.live;
    const age = (Date.now() - Date.parse(updatedAt)) / 1000;
    lines.push(`Sweep ${view.dir}: coordinator ${state} (pid ${coordinator.pid} on ${coordinator.host}; status of ${updatedAt}, ${formatDuration(age)} ago; ETA ${formatDuration(progress.etaSeconds)})`);
  } else if (view.source === 'tasks') {
    lines.push(`Sweep ${view.dir}: run as array tasks (read from the trials' folders; \`clusterlens sweep collect\` stores them)`);
  } else {
    lines.push(`Sweep ${view.dir}: no coordinator running (read from the store)`);
  }
  lines.push(`${view.trials.length} trials: ${count('done')} done, ${count('running')} running, ${count('failed')} failed, ${count('pending')} pending`, '');

  if (view.running.length > 0) {
    const header = [view.source === 'tasks' ? 'started, no result yet' : 'running', 'progress', 'step', 'train-loss', 'train ari (top layer)', 'train accuracy', 'status'];
    const rows = view.running.map((r) => {
      const latest = summarizeLatest(r.latest);
      return [r.label, r.fraction === undefined ? '-' : `${Math.round(r.fraction * 100)}%`, latest.step, latest.loss, latest.ari, latest.accuracy, r.message ?? ''];
    });
    lines.push(formatTable(header, rows));
  }
  if (view.orphaned.length > 0) {
    lines.push(`Marked running, but no coordinator holds the store (it stopped without closing); these resume from their checkpoints on the next \`clusterlens sweep run\`:`);
    for (const trial of view.orphaned) lines.push(`  ${trial.label} (${trial.id})`);
    lines.push('');
  }
  const failed = view.trials.filter((t) => t.status === 'failed');
  if (failed.length > 0) {
    lines.push('Failed:');
    for (const trial of failed) lines.push(`  ${trial.label} (${trial.id}), ${trial.attempts} attempt(s): ${firstLine(trial.error)}`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The numbers a glance at a running trial wants: its latest evaluation's step, training loss, top-layer ARI and accuracy. */
function summarizeLatest(rows: readonly LoggedMetricRow[]): { step: string; loss: string; ari: string; accuracy: string } {
  if (rows.length === 0) return { step: '-', loss: '-', ari: '-', accuracy: '-' };
  const train = rows.filter((r) => r.split === 'train');
  const top = train.filter((r) => r.metric === 'ari' && r.layer !== null).sort((a, b) => b.layer! - a.layer!)[0];
  const value = (row: LoggedMetricRow | undefined) => (row === undefined || Number.isNaN(row.value) ? '-' : row.value.toFixed(3));
  return {
    step: String(rows[0]!.step),
    loss: value(train.find((r) => r.metric === 'train-loss')),
    ari: top ? `${value(top)} (layer ${top.layer})` : '-',
    accuracy: value(train.find((r) => r.metric === 'accuracy')),
  };
}

function firstLine(text: string | null): string {
  return (text ?? 'no error recorded').split('\n')[0]!;
}
