// A trial's id is a hash of what determines its result: the resolved config and the code that runs it.
import { createHash } from 'node:crypto';

import { canonicalJson } from './json.js';

/**
 * 16 hex digits (64 bits) of sha256 over the canonical config plus the code version: equal configs written in any
 * key order share an id, and new code gives new ids, so a re-run never mixes results of two code versions.
 */
export function trialId(config: unknown, codeVersion: string): string {
  return createHash('sha256').update(canonicalJson({ codeVersion, config })).digest('hex').slice(0, 16);
}
