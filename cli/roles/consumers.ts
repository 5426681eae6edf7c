import os from 'node:os';
import { loadConsumersConfig } from '../../config/consumers.js';
import { openDatabase } from '../../db/open.js';
import { createLogger } from '../../observability/logger.js';
import { startConsumers } from '../../streams/consumer-set.js';
import { RedisConnections } from '../../streams/redis.js';
import { runRole } from '../lifecycle.js';

/** `drumbeat consumers`: the Redis Streams consumer groups that persist to MongoDB in batches. */
export async function consumersRole(): Promise<void> {
  const config = loadConsumersConfig();
  const logger = createLogger({ role: 'consumers', level: config.logLevel });
  await runRole('consumers', logger, async () => {
    const database = await openDatabase(config.services.mongoUri);
    const redis = new RedisConnections(config.services.redisUrl, logger, config.services.redisKeyPrefix);
    const consumerName = config.consumerName ?? `${os.hostname()}-${process.pid}`;
    const consumers = await startConsumers(database, redis, { ...config, consumerName, logger });
    logger.info({ streams: consumers.streams, consumerName }, 'consuming');
    return {
      close: async () => {
        await consumers.stop();
        await Promise.allSettled([redis.close(), database.close()]);
      },
    };
  });
}
