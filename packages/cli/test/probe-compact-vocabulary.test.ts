// `clusterlens probe` refuses to read a pre-trained GPT-2 through the natural suite's compact vocabulary, whose ids
// are not GPT-2's: the model would see other tokens than the text says.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { probeCommand } from '../src/commands/probe.js';
import { writeTinyGpt2 } from '../../experiment/test/support/tiny-gpt2.js';

const scratch = mkdtempSync(join(tmpdir(), 'clusterlens-probe-compact-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('clusterlens probe on a GPT-2 with a natural suite', () => {
  it('names data.vocabulary when the suite is compact and the model has GPT-2\'s 50,257 ids', async () => {
    const model = join(scratch, 'gpt2');
    await writeTinyGpt2(model, 3);
    const config = join(scratch, 'trial.yaml');
    writeFileSync(config, 'data: { kind: natural }\n');
    await expect(probeCommand(model, { config, layers: 'all', threads: 1 })).rejects.toThrow(
      /compact vocabulary has \d+ tokens but the model 50257; .*set data\.vocabulary: gpt2/,
    );
  });
});
