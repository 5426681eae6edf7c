import net from 'node:net';

// Tests talk to services on this machine only. Any connection elsewhere fails loudly here instead
// of hanging on a closed network or, worse, reaching a real third party.

const loopbackHosts = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);

/** True for hosts on this machine. */
export function isLoopback(host: string | undefined): boolean {
  if (host === undefined || host === '') return true;
  return loopbackHosts.has(host) || host.startsWith('127.') || host.startsWith('::ffff:127.');
}

type ConnectArgs = Parameters<net.Socket['connect']>;
// eslint-disable-next-line @typescript-eslint/unbound-method -- called below with apply(this)
const originalConnect = net.Socket.prototype.connect;

function targetHost(args: unknown[]): string | undefined {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null) {
    if ('path' in first && typeof first.path === 'string') return 'localhost';
    return 'host' in first && typeof first.host === 'string' ? first.host : undefined;
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return 'localhost'; // a Unix socket path
  return typeof second === 'string' ? second : undefined;
}

net.Socket.prototype.connect = function connectToLoopbackOnly(this: net.Socket, ...args: ConnectArgs) {
  const host = targetHost(Array.isArray(args[0]) ? (args[0] as unknown[]) : args);
  if (!isLoopback(host)) {
    throw new Error(`Outbound network access is blocked in tests (tried to connect to ${host})`);
  }
  return originalConnect.apply(this, args);
} as typeof net.Socket.prototype.connect;
