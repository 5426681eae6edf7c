import type { Database } from '../db/open.js';
import { StreamConsumerRunner, type RunnerOptions, type StreamConsumer } from './consumer-runner.js';
import { diagnosticsConsumer } from './diagnostics-consumer.js';
import { startAggregator } from './ingest/aggregator.js';
import { customerConsumer } from './ingest/customer-consumer.js';
import { orderConsumer } from './ingest/order-consumer.js';
import { receiptConsumer } from './receipts/receipt-consumer.js';
import { startJournalSweeper } from '../delivery/journal-sweeper.js';
import { defaultConversionWindowMs } from '../delivery/conversions.js';
import type { RedisConnections } from './redis.js';

/** Every stream consumer of the consumers role, running. */
export interface RunningConsumers {
  streams: string[];
  stop(): Promise<void>;
}

/**
 * Starts one runner per stream (diagnostics, customers, orders, delivery receipts), each with its own
 * blocking connection, the customer aggregator and the delivery journal sweeper.
 */
export async function startConsumers(
  database: Database,
  redis: RedisConnections,
  options: RunnerOptions & { conversionWindowMs?: number },
): Promise<RunningConsumers> {
  const commands = redis.get('commands');
  const runnerFor = <Value>(consumer: StreamConsumer<Value>): StreamConsumerRunner<Value> =>
    new StreamConsumerRunner(consumer, { commands, blocking: redis.get('blocking', `blocking:${consumer.stream}`) }, options);
  const diagnostics = diagnosticsConsumer(database.models);
  const customers = customerConsumer(database.models, commands);
  const orders = orderConsumer(database.models, commands, { conversionWindowMs: options.conversionWindowMs ?? defaultConversionWindowMs });
  const deliveryStore = { models: database.models, redis: commands };
  const receipts = receiptConsumer(deliveryStore, commands, options.logger);
  const runners = [runnerFor(diagnostics), runnerFor(customers), runnerFor(orders), runnerFor(receipts)];
  await Promise.all(runners.map((runner) => runner.start()));
  const aggregator = startAggregator(database.models, commands, options.logger);
  const sweeper = startJournalSweeper(deliveryStore, options.logger);
  return {
    streams: [diagnostics.stream, customers.stream, orders.stream, receipts.stream],
    stop: async () => {
      await Promise.all(runners.map((runner) => runner.stop()));
      await Promise.all([aggregator.stop(), sweeper.stop()]);
    },
  };
}
