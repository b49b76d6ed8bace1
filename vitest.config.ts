import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests import every @clusterlens package from its source; test/packaging checks the built packages.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@clusterlens\/native$/, replacement: here('native/index.ts') },
      { find: /^@clusterlens\/([a-z-]+)$/, replacement: here('packages/$1/src/index.ts') },
    ],
  },
  test: {
    include: ['native/test/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
