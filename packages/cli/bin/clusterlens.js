#!/usr/bin/env node
// A committed entry point, so that npm can link the `clusterlens` command before the TypeScript is built.
import '../dist/bin.js';
