// The sweep's live progress on stderr: one line that updates in a terminal; without one (CI, a log file), a
// status line every few seconds plus one line per finished trial, so the log tells what happened.
import { MultiBar, type SingleBar } from 'cli-progress';

import type { SweepEvent, SweepProgress } from '@clusterlens/sweep';

import { formatDuration } from './sweep-table.js';

/** Seconds between status lines without a terminal. */
const LOG_INTERVAL_MS = 5000;

export class SweepProgressDisplay {
  readonly #tty = Boolean(process.stderr.isTTY);
  readonly #multibar: MultiBar | undefined;
  #bar: SingleBar | undefined;
  #lastLog = 0;
  #lastLine = '';
  #latest: SweepProgress | undefined;
  #stopped = false;

  constructor() {
    if (this.#tty) {
      this.#multibar = new MultiBar({
        format: 'sweep [{bar}] {value}/{total} done | {running} running | {failed} failed | ETA {remaining} | {detail}',
        barsize: 20,
        hideCursor: true,
        stream: process.stderr,
        clearOnComplete: false,
      });
    }
  }

  update(progress: SweepProgress): void {
    this.#latest = progress;
    const finished = progress.skipped + progress.done;
    if (this.#multibar) {
      const payload = {
        running: progress.running.length,
        failed: progress.failed,
        // Not 'eta': cli-progress fills that token with its own estimate, from bar speed alone.
        remaining: formatDuration(progress.etaSeconds),
        detail: detail(progress),
      };
      if (!this.#bar) this.#bar = this.#multibar.create(progress.total, finished, payload);
      else this.#bar.update(finished, payload);
      return;
    }
    const now = Date.now();
    if (now - this.#lastLog >= LOG_INTERVAL_MS) {
      this.#lastLog = now;
      this.#log(statusLine(progress));
    }
  }

  /** Without a terminal: a status line, unless it says nothing new. */
  #log(line: string): void {
    if (line === this.#lastLine) return;
    this.#lastLine = line;
    process.stderr.write(`${line}\n`);
  }

  event(event: SweepEvent): void {
    const line = eventLine(event);
    if (line === undefined) return;
    if (this.#multibar) this.#multibar.log(`${line}\n`);
    else process.stderr.write(`${line}\n`);
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#multibar?.stop();
    if (!this.#tty && this.#latest) this.#log(statusLine(this.#latest));
  }
}

function statusLine(p: SweepProgress): string {
  const skipped = p.skipped > 0 ? ` (${p.skipped} from earlier runs)` : '';
  return `sweep: ${p.skipped + p.done}/${p.total} done${skipped}, ${p.running.length} running, ${p.failed} failed, ETA ${formatDuration(p.etaSeconds)}`;
}

/** The trial furthest behind, so the line shows what the sweep waits for. */
function detail(p: SweepProgress): string {
  const slowest = [...p.running].sort((a, b) => a.fraction - b.fraction)[0];
  if (!slowest) return '';
  return `${slowest.label}: ${slowest.message ?? `${Math.round(slowest.fraction * 100)}%`}`;
}

function eventLine(event: SweepEvent): string | undefined {
  switch (event.type) {
    case 'done':
      return `done    ${event.trial.id} ${event.trial.label} (${formatDuration(event.seconds)})`;
    case 'retry':
      return `retry   ${event.trial.id} ${event.trial.label}: attempt ${event.attempt} failed (${event.error}); again in ${formatDuration(event.delayMs / 1000)}`;
    case 'failed':
      return `FAILED  ${event.trial.id} ${event.trial.label} after ${event.attempts} attempt${event.attempts === 1 ? '' : 's'}: ${event.error}`;
    case 'interrupted':
      return `stopped ${event.trial.id} ${event.trial.label} (checkpoint kept)`;
    default:
      return undefined;
  }
}
