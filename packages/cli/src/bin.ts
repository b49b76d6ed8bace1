#!/usr/bin/env node
import { buildProgram } from './program.js';

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    // Configuration and input errors are messages for the user, not stack traces.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`clusterlens: ${message}\n`);
    if (process.env.CLUSTERLENS_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  });
