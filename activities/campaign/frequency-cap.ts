import type { Redis } from 'ioredis';

/** At most `limit` messages per customer in any `windowMs`, across campaigns. */
export interface FrequencyCap {
  limit: number;
  windowMs: number;
}

// Per customer, atomically: forget sends older than the window; a message already counted stays
// allowed (a retried send); otherwise allow it only while the customer is under the limit, and count it.
const capScript = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local allowed = {}
for i, key in ipairs(KEYS) do
  local member = ARGV[3 + i]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZSCORE', key, member) then
    allowed[i] = 1
  elseif redis.call('ZCARD', key) < limit then
    redis.call('ZADD', key, now, member)
    redis.call('PEXPIRE', key, window)
    allowed[i] = 1
  else
    allowed[i] = 0
  end
end
return allowed
`;

/**
 * Which of these messages the frequency cap allows, counting the allowed ones against their customers
 * in one Redis round trip. One script call over every customer's key: two campaigns sending to the
 * same customer at the same moment cannot both slip under the limit. (All keys in one call needs a
 * single Redis, not a cluster.)
 */
export async function applyFrequencyCap(redis: Redis, cap: FrequencyCap, messages: Array<{ customerId: string; messageId: string }>, now = Date.now()): Promise<boolean[]> {
  if (messages.length === 0) return [];
  const keys = messages.map(({ customerId }) => `frequency:${customerId}`);
  const result = (await redis.eval(capScript, keys.length, ...keys, now, cap.windowMs, cap.limit, ...messages.map(({ messageId }) => messageId))) as number[];
  return messages.map((_, index) => result[index] === 1);
}

/** A cap as marketers read it: "3 messages per 1 day". */
export function describeCap(cap: FrequencyCap): string {
  const hours = cap.windowMs / 3_600_000;
  const window = hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hour${hours === 1 ? '' : 's'}`;
  return `${cap.limit} message${cap.limit === 1 ? '' : 's'} per ${window}`;
}
