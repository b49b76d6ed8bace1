// A private redis-server for one test file: its own port, no persistence, optional password and TLS.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, requireCommand, startProcess, stopProcess, waitFor } from './services.js';

export interface RedisServer {
  url: string;
  /** PEM file of the self-signed certificate, for TLS servers. */
  caFile?: string;
  stop(): Promise<void>;
}

export async function startRedis(options: { password?: string; tls?: boolean } = {}): Promise<RedisServer> {
  const server = requireCommand('redis-server', 'install it with `apt-get install -y redis-server`');
  const dir = mkdtempSync(join(tmpdir(), 'clusterlens-redis-'));
  const port = await freePort();
  const args = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  let caFile: string | undefined;
  if (options.tls) {
    caFile = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', caFile, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
    args.push('--port', '0', '--tls-port', String(port), '--tls-cert-file', caFile, '--tls-key-file', key, '--tls-ca-cert-file', caFile, '--tls-auth-clients', 'no');
  } else {
    args.push('--port', String(port));
  }
  if (options.password) {
    const config = join(dir, 'redis.conf');
    writeFileSync(config, `requirepass ${JSON.stringify(options.password)}\n`);
    args.unshift(config);
  }
  const child = startProcess(server, args);
  let log = '';
  child.stdout!.on('data', (chunk) => (log += chunk));
  child.stderr!.on('data', (chunk) => (log += chunk));
  await waitFor(`redis-server on port ${port}`, () => log.includes('Ready to accept connections'), 10_000).catch((error) => {
    throw new Error(`${(error as Error).message}\n${log}`);
  });
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  const host = options.tls ? 'localhost' : '127.0.0.1';
  return {
    url: `${options.tls ? 'rediss' : 'redis'}://${auth}${host}:${port}`,
    caFile,
    stop: () => stopProcess(child),
  };
}
