// The training progress bar: step, loss, latest ARI and ETA on stderr.
import { SingleBar } from 'cli-progress';

import type { TrialProgress } from '@clusterlens/experiment';

export class TrialProgressBar {
  readonly #bar: SingleBar;
  #started = false;
  /** Probing phases report no loss; the bar keeps showing the latest one. */
  #lastLoss: number | undefined;

  constructor(label: string) {
    this.#bar = new SingleBar({
      format: `${label} [{bar}] step {value}/{total} | loss {loss} | ARI {ari} | {phase} | ETA {eta_formatted}`,
      barsize: 24,
      hideCursor: true,
      etaBuffer: 50,
      // Without a terminal (CI, redirected output) the bar prints a line every few seconds instead.
      noTTYOutput: true,
      notTTYSchedule: 5000,
      stream: process.stderr,
    });
  }

  update(progress: TrialProgress): void {
    this.#lastLoss = progress.loss ?? this.#lastLoss;
    const payload = {
      loss: this.#lastLoss === undefined ? '-' : this.#lastLoss.toFixed(4),
      ari: progress.ari === undefined ? '-' : progress.ari.toFixed(3),
      phase: progress.phase === 'evaluate' ? 'probing' : 'training',
    };
    if (!this.#started) {
      this.#bar.start(progress.steps, progress.step, payload);
      this.#started = true;
    } else {
      this.#bar.update(progress.step, payload);
    }
  }

  stop(): void {
    if (this.#started) this.#bar.stop();
  }
}
