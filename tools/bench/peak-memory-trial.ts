// The child process of the peak-memory benchmark: runs a default trial (shortened) and prints, as one JSON line, its
// resident memory before the trial (Node, the packages and the addon loaded) and the process's peak.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runTrial } from '@clusterlens/experiment';

const [steps, every, threads] = process.argv.slice(2).map(Number);
const checkpointDir = mkdtempSync(join(tmpdir(), 'clusterlens-peak-memory-'));
const baselineRss = process.memoryUsage().rss;
try {
  const result = await runTrial({ training: { steps }, evaluation: { every, early: 0 }, checkpoint: { every } }, { threads, checkpointDir });
  const model = result.model.memoryUse();
  result.model.dispose();
  // maxRSS is in KiB
  console.log(JSON.stringify({ baselineRss, peakRss: process.resourceUsage().maxRSS * 1024, model }));
} finally {
  rmSync(checkpointDir, { recursive: true, force: true });
}
