import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Logger } from '../observability/logger.js';
import { appendToStream, decodeEntries, type RawStreamEntry } from './entries.js';
import { storedKey } from './redis.js';
import { trimAcknowledged } from './stream-trimming.js';
import { isTransientFailure } from './transient-errors.js';
import { acknowledgeBatch } from './stream-counters.js';

/** A stream's consumer: the schema of its entries and an idempotent batch handler. */
export interface StreamConsumer<Value> {
  stream: string;
  group: string;
  schema: z.ZodType<Value>;
  /** Entries per batch when this stream's entries are large (chunks of records); else the runner's. */
  batchSize?: number;
  /** Persists a whole batch (one bulk write); must be idempotent, since entries can be delivered again. */
  handle(batch: Array<{ id: string; value: Value }>): Promise<void>;
}

export interface RunnerOptions {
  /** Unique per process: pending entries belong to a consumer name. */
  consumerName: string;
  batchSize: number;
  blockMs: number;
  /** Entries pending longer than this (their consumer died or failed) are claimed by another. */
  claimIdleMs: number;
  /** After this many deliveries an entry goes to the dead-letter stream instead of blocking the rest. */
  maxDeliveries: number;
  /** How often to trim the stream below what every group acknowledged. Default 30 s. */
  trimIntervalMs?: number;
  /** First pause when a batch fails on an outage; doubles up to 30 s. Default 500 ms. */
  outageRetryBaseMs?: number;
  logger: Logger;
}

/** The dead-letter stream of a stream: entries that could not be processed, with the reason. */
export function deadLetterStream(stream: string): string {
  return `${stream}:dead`;
}

/**
 * Runs one consumer in a Redis Streams consumer group: reads batches, hands them to the handler, and
 * acknowledges only after the handler has made them durable. Entries left pending by a crash are
 * re-read at start and reclaimed from dead consumers; poison entries are dead-lettered, never dropped.
 */
export class StreamConsumerRunner<Value> {
  private stopping = false;
  private loop: Promise<void> | undefined;
  private lastClaim = 0;
  private lastTrim = 0;

  constructor(
    private readonly consumer: StreamConsumer<Value>,
    private readonly redis: { commands: Redis; blocking: Redis },
    private readonly options: RunnerOptions,
  ) {}

  /** Creates the group (reading from the stream's start, so entries added before it are not missed). */
  async ensureGroup(): Promise<void> {
    try {
      await this.redis.commands.xgroup('CREATE', storedKey(this.redis.commands, this.consumer.stream), this.consumer.group, '0', 'MKSTREAM');
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
    }
  }

  /** Starts consuming in the background. */
  async start(): Promise<void> {
    await this.ensureGroup();
    this.loop = this.run();
  }

  /** Finishes the batch in hand and stops; at most one block interval later. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
  }

  /** Processes what is available now (own pending, reclaimable, then new entries); returns how many. */
  async pollOnce(block: boolean): Promise<number> {
    const own = await this.read('0', false);
    const claimed = await this.claimStale();
    const fresh = own.length + claimed.length > 0 ? [] : await this.read('>', block);
    let handled = 0;
    for (const entries of [own, claimed, fresh]) {
      if (entries.length > 0) handled += await this.process(entries);
    }
    if (handled > 0) await this.trimNowAndThen();
    return handled;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        await this.pollOnce(true);
        failures = 0;
      } catch (error) {
        failures += 1;
        // Back off while a dependency is down, so an outage is not burned through in seconds.
        const delayMs = Math.min(1_000 * 2 ** (failures - 1), 30_000);
        this.options.logger.error({ err: error, stream: this.consumer.stream, delayMs }, 'stream batch failed; will retry');
        await sleep(delayMs);
      }
    }
  }

  private batchSize(): number {
    return this.consumer.batchSize ?? this.options.batchSize;
  }

  private async read(from: '0' | '>', block: boolean): Promise<RawStreamEntry[]> {
    const { stream, group } = this.consumer;
    const args: Array<string | number> = ['GROUP', group, this.options.consumerName, 'COUNT', this.batchSize()];
    if (block) args.push('BLOCK', this.options.blockMs);
    args.push('STREAMS', stream, from);
    const reply = (await this.redis.blocking.call('XREADGROUP', ...args)) as Array<[string, unknown]> | null;
    return decodeEntries(reply?.[0]?.[1]);
  }

  private async claimStale(): Promise<RawStreamEntry[]> {
    const now = Date.now();
    if (now - this.lastClaim < this.options.claimIdleMs / 2) return [];
    this.lastClaim = now;
    const { stream, group } = this.consumer;
    const reply = (await this.redis.commands.call(
      'XAUTOCLAIM', stream, group, this.options.consumerName, this.options.claimIdleMs, '0-0', 'COUNT', this.batchSize(),
    )) as [string, unknown, string[]?];
    return decodeEntries(reply[1]);
  }

  private async process(entries: RawStreamEntry[]): Promise<number> {
    const started = performance.now();
    const exhausted = await this.overDelivered(entries);
    const valid: Array<{ id: string; value: Value }> = [];
    const poison: Array<{ entry: RawStreamEntry; reason: string }> = [];
    for (const entry of entries) {
      if (exhausted.has(entry.id)) {
        poison.push({ entry, reason: `not processed after ${this.options.maxDeliveries} deliveries` });
        continue;
      }
      const parsed = parseEntry(entry, this.consumer.schema);
      if (parsed.ok) valid.push({ id: entry.id, value: parsed.value });
      else poison.push({ entry, reason: parsed.reason });
    }
    if (valid.length > 0) await this.handleRiding(valid);
    if (poison.length > 0) await this.deadLetter(poison);
    // Acknowledged together with the batch's throughput counters, in the same single round trip.
    await acknowledgeBatch(this.redis.commands, {
      stream: this.consumer.stream,
      group: this.consumer.group,
      processedIds: valid.map((item) => item.id),
      deadLetteredIds: poison.map(({ entry }) => entry.id),
      seconds: (performance.now() - started) / 1_000,
    });
    return valid.length;
  }

  // Acknowledged entries are dead weight in Redis; trimming keeps memory bounded by the backlog.
  private async trimNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now - this.lastTrim < (this.options.trimIntervalMs ?? 30_000)) return;
    this.lastTrim = now;
    const removed = await trimAcknowledged(this.redis.commands, this.consumer.stream);
    if (removed > 0) this.options.logger.debug({ stream: this.consumer.stream, removed }, 'trimmed acknowledged entries');
  }

  /**
   * Hands the batch to the handler, retrying it in place while the failure is transient (a database
   * outage): re-reading the entries would raise their delivery counts, and an outage must not push
   * good entries into the dead-letter stream. Other failures propagate, so the entries stay pending,
   * are delivered again, and are dead-lettered after maxDeliveries.
   */
  private async handleRiding(batch: Array<{ id: string; value: Value }>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.consumer.handle(batch);
        return;
      } catch (error) {
        if (!isTransientFailure(error) || this.stopping) throw error;
        const delayMs = Math.min((this.options.outageRetryBaseMs ?? 500) * 2 ** (attempt - 1), 30_000);
        this.options.logger.warn({ err: error, stream: this.consumer.stream, attempt, delayMs }, 'batch failed on an outage; retrying it in place');
        await sleep(delayMs);
      }
    }
  }

  // Delivery counts come from the pending list; only entries seen before can be over the limit.
  private async overDelivered(entries: RawStreamEntry[]): Promise<Set<string>> {
    const first = entries[0]?.id;
    const last = entries.at(-1)?.id;
    if (!first || !last) return new Set();
    const pending = (await this.redis.commands.xpending(this.consumer.stream, this.consumer.group, first, last, entries.length)) as Array<
      [string, string, number, number]
    >;
    return new Set(pending.filter(([, , , deliveries]) => deliveries > this.options.maxDeliveries).map(([id]) => id));
  }

  private async deadLetter(poison: Array<{ entry: RawStreamEntry; reason: string }>): Promise<void> {
    this.options.logger.warn({ stream: this.consumer.stream, count: poison.length, reasons: poison.map((p) => p.reason).slice(0, 5) }, 'dead-lettering entries');
    await appendToStream(
      this.redis.commands,
      deadLetterStream(this.consumer.stream),
      poison.map(({ entry, reason }) => ({ sourceId: entry.id, group: this.consumer.group, reason, data: entry.data ?? null })),
    );
  }
}

function parseEntry<Value>(entry: RawStreamEntry, schema: z.ZodType<Value>): { ok: true; value: Value } | { ok: false; reason: string } {
  if (entry.data === undefined) return { ok: false, reason: 'entry has no data field' };
  let json: unknown;
  try {
    json = JSON.parse(entry.data);
  } catch {
    return { ok: false, reason: 'data is not JSON' };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, reason: result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ') };
}
