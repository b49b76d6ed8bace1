// `clusterlens --version` and `-V` print the version of the installed @clusterlens/cli package.
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { clusterlens } from './support/cli.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

describe('version', () => {
  it('--version prints the package version', () => {
    expect(clusterlens(['--version'])).toMatchObject({ status: 0, stdout: `${version}\n` });
  });

  it('-V prints the package version', () => {
    expect(clusterlens(['-V'])).toMatchObject({ status: 0, stdout: `${version}\n` });
  });
});
