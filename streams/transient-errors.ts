/**
 * True for failures that say nothing about the entries themselves: the database or Redis is down,
 * unreachable, failing over or too slow. Retrying such a batch later will work, so it must not
 * count towards dead-lettering the entries.
 */
export function isTransientFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // Our own errors say so themselves (a lock another process holds, say).
  if ((error as { transient?: unknown }).transient === true) return true;
  const name = error.name;
  if (/^Mongo(Network|NetworkTimeout|ServerSelection|PoolCleared|NotConnected|TopologyClosed)Error$/.test(name)) return true;
  const labels = (error as { errorLabels?: unknown }).errorLabels;
  if (Array.isArray(labels) && labels.includes('RetryableWriteError')) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH'].includes(code)) return true;
  return /Connection is closed|connect ECONNREFUSED|Stream isn't writeable/.test(error.message);
}
