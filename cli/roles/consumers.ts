import os from 'node:os';
import { loadConsumersConfig } from '../../config/consumers.js';
import { openDatabase } from '../../db/open.js';
import { createLogger } from '../../observability/logger.js';
import { StreamConsumerRunner } from '../../streams/consumer-runner.js';
import { diagnosticsConsumer } from '../../streams/diagnostics-consumer.js';
import { RedisConnections } from '../../streams/redis.js';
import { runRole } from '../lifecycle.js';

/** `drumbeat consumers`: the Redis Streams consumer groups that persist to MongoDB in batches. */
export async function consumersRole(): Promise<void> {
  const config = loadConsumersConfig();
  const logger = createLogger({ role: 'consumers', level: config.logLevel });
  await runRole('consumers', logger, async () => {
    const database = await openDatabase(config.services.mongoUri);
    const redis = new RedisConnections(config.services.redisUrl, logger);
    const consumerName = config.consumerName ?? `${os.hostname()}-${process.pid}`;
    const consumers = [diagnosticsConsumer(database.models)];
    const runners = consumers.map(
      (consumer) =>
        new StreamConsumerRunner(
          consumer,
          { commands: redis.get('commands'), blocking: redis.get('blocking', `blocking:${consumer.stream}`) },
          { ...config, consumerName, logger },
        ),
    );
    await Promise.all(runners.map((runner) => runner.start()));
    logger.info({ streams: consumers.map((c) => c.stream), consumerName }, 'consuming');
    return {
      close: async () => {
        await Promise.all(runners.map((runner) => runner.stop()));
        await Promise.allSettled([redis.close(), database.close()]);
      },
    };
  });
}
