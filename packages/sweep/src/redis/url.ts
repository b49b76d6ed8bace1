// Redis URLs: connection options for ioredis, and a form safe to print (credentials never reach logs or the store).
import { readFileSync } from 'node:fs';

import type { RedisOptions } from 'ioredis';

export interface RedisTarget {
  /** redis://[user:password@]host:port[/db] or rediss:// for TLS. */
  url: string;
  /** PEM file of the certificate authority of a TLS server (a self-signed one, say). */
  caFile?: string;
}

/** The URL with any user name and password replaced by ***, for messages. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = parsed.username ? '***' : '';
      parsed.password = parsed.password ? '***' : '';
    }
    return parsed.toString();
  } catch {
    return '(an unparsable Redis URL)';
  }
}

export function redisOptions(target: RedisTarget, extra: Partial<RedisOptions> = {}): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(target.url);
  } catch {
    throw new RangeError(`--redis: ${redactRedisUrl(target.url)} is not a URL; expected redis://[:password@]host:port or rediss://...`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new RangeError(`--redis: the scheme must be redis:// or rediss:// (TLS), got ${parsed.protocol}//`);
  }
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new RangeError(`--redis: '${parsed.pathname}' is not a database number`);
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    db,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:'
      ? { tls: { servername: parsed.hostname, ...(target.caFile ? { ca: readFileSync(target.caFile) } : {}) } }
      : {}),
    // BullMQ's blocking commands must wait as long as they need.
    maxRetriesPerRequest: null,
    ...extra,
  };
}
