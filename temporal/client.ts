import { Client, Connection } from '@temporalio/client';

/** A Temporal client with the connection it owns, closed together. */
export interface TemporalClientHandle {
  client: Client;
  connection: Connection;
  close(): Promise<void>;
}

/** Connects a Temporal client for the API and CLI (workers use a NativeConnection instead). */
export async function connectTemporalClient(address: string, namespace: string): Promise<TemporalClientHandle> {
  const connection = await Connection.connect({ address, connectTimeout: 5_000 });
  const client = new Client({ connection, namespace });
  return { client, connection, close: () => connection.close() };
}

/** Checks the Temporal frontend serves our namespace, failing after `timeoutMs`. */
export async function pingTemporalConnection(connection: Connection, namespace: string, timeoutMs: number): Promise<void> {
  await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.describeNamespace({ namespace }));
}
