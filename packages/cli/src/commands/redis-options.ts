// The Redis options shared by `sweep run --redis`, `worker` and `slurm`.
import { Option, type Command } from 'commander';

import type { RedisTarget } from '@clusterlens/sweep';

export const REDIS_URL_ENV = 'CLUSTERLENS_REDIS_URL';

export interface RedisFlags {
  redis?: string | boolean;
  redisCa?: string;
  queue: string;
}

export function addRedisOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--redis [url]',
        `Redis URL, redis://[:password@]host:port or rediss:// (TLS); without a value, $${REDIS_URL_ENV} (keeps the password off the command line)`,
      ),
    )
    .option('--redis-ca <pem>', 'certificate authority of a rediss:// server (e.g. its self-signed certificate)')
    .option('--queue <name>', 'the queue shared by the coordinator and its workers', 'clusterlens');
}

/** The Redis target from the flags, or undefined when --redis was not given; errors name the flag. */
export function redisTarget(flags: RedisFlags, required: boolean): RedisTarget | undefined {
  if (flags.redis === undefined && !required) return undefined;
  const url = typeof flags.redis === 'string' ? flags.redis : process.env[REDIS_URL_ENV];
  if (!url) throw new Error(`--redis: give a URL, or set ${REDIS_URL_ENV} and pass --redis without a value`);
  return { url, ...(flags.redisCa ? { caFile: flags.redisCa } : {}) };
}
