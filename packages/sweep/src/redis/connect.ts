// A reachability check that answers within a bounded time, before anything is enqueued or consumed.
import { Redis } from 'ioredis';

import { redactRedisUrl, redisOptions, type RedisTarget } from './url.js';

export class RedisUnreachableError extends Error {
  override name = 'RedisUnreachableError';
}

/** Connects once, without retries, and PINGs; throws a RedisUnreachableError naming the (redacted) URL. */
export async function checkRedis(target: RedisTarget, timeoutMs = 5000): Promise<void> {
  const client = new Redis({
    ...redisOptions(target),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // reported through the rejected promise below
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    await Promise.race([client.connect().then(() => client.ping()), deadline]);
  } catch (error) {
    const reason = (error as Error).message.replaceAll(target.url, redactRedisUrl(target.url));
    throw new RedisUnreachableError(
      `cannot reach Redis at ${redactRedisUrl(target.url)}: ${reason}. Check that redis-server runs there, the port, the password and, for rediss://, the certificate (--redis-ca)`,
    );
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
