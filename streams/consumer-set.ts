import type { Database } from '../db/open.js';
import { StreamConsumerRunner, type RunnerOptions, type StreamConsumer } from './consumer-runner.js';
import { diagnosticsConsumer } from './diagnostics-consumer.js';
import { startAggregator } from './ingest/aggregator.js';
import { customerConsumer } from './ingest/customer-consumer.js';
import { orderConsumer } from './ingest/order-consumer.js';
import type { RedisConnections } from './redis.js';

/** Every stream consumer of the consumers role, running. */
export interface RunningConsumers {
  streams: string[];
  stop(): Promise<void>;
}

/** Starts one runner per stream (diagnostics, customers, orders), each with its own blocking connection, and the customer aggregator. */
export async function startConsumers(database: Database, redis: RedisConnections, options: RunnerOptions): Promise<RunningConsumers> {
  const commands = redis.get('commands');
  const runnerFor = <Value>(consumer: StreamConsumer<Value>): StreamConsumerRunner<Value> =>
    new StreamConsumerRunner(consumer, { commands, blocking: redis.get('blocking', `blocking:${consumer.stream}`) }, options);
  const diagnostics = diagnosticsConsumer(database.models);
  const customers = customerConsumer(database.models, commands);
  const orders = orderConsumer(database.models, commands);
  const runners = [runnerFor(diagnostics), runnerFor(customers), runnerFor(orders)];
  await Promise.all(runners.map((runner) => runner.start()));
  const aggregator = startAggregator(database.models, commands, options.logger);
  return {
    streams: [diagnostics.stream, customers.stream, orders.stream],
    stop: async () => {
      await Promise.all(runners.map((runner) => runner.stop()));
      await aggregator.stop();
    },
  };
}
