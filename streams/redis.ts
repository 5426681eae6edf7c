import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../observability/logger.js';

/** The purposes a process opens Redis connections for; blocking stream reads get their own. */
export type RedisPurpose = 'commands' | 'blocking' | 'health';

const optionsByPurpose: Record<RedisPurpose, RedisOptions> = {
  commands: { maxRetriesPerRequest: 3 },
  // XREADGROUP BLOCK holds its connection: sharing it would stall every other command.
  blocking: { maxRetriesPerRequest: null },
  // Readiness must report an outage at once instead of queueing the PING until Redis returns.
  health: { maxRetriesPerRequest: 0, enableOfflineQueue: false },
};

/** Named, lazily created Redis connections for one process, closed together. */
export class RedisConnections {
  private readonly open = new Map<string, Redis>();

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    /** Prepended to every key (streams, sessions, limits), so installations or test files can share one Redis. */
    private readonly keyPrefix = '',
  ) {}

  /**
   * The connection for a purpose, created on first use. `name` separates connections of one purpose,
   * e.g. one blocking connection per stream consumer.
   */
  get(purpose: RedisPurpose, name: string = purpose): Redis {
    let client = this.open.get(name);
    if (!client) {
      client = new Redis(this.url, {
        connectionName: `drumbeat:${name}`,
        ...(this.keyPrefix ? { keyPrefix: this.keyPrefix } : {}),
        ...optionsByPurpose[purpose],
      });
      // ioredis reconnects by itself; an unhandled 'error' event would crash the process instead.
      client.on('error', (error: Error) => this.logger.warn({ err: error, connection: name }, 'redis connection error'));
      this.open.set(name, client);
    }
    return client;
  }

  /** Closes every connection opened so far. */
  async close(): Promise<void> {
    const clients = [...this.open.values()];
    this.open.clear();
    await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
  }
}

/**
 * A key as Redis stores it on this connection. ioredis adds `keyPrefix` to the keys of ordinary
 * commands itself, but not inside container commands such as XGROUP and XINFO, whose key positions
 * it does not know: those must be given the full key.
 */
export function storedKey(redis: Redis, key: string): string {
  return `${redis.options.keyPrefix ?? ''}${key}`;
}
