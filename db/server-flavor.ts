import type { Connection } from 'mongoose';

const flavors = new WeakMap<Connection, Promise<boolean>>();

/**
 * True when the server is FerretDB, which serves only a lone `{ _id: value }` filter from an index
 * (see README, "Known limitations"); false on MongoDB. Asked once per connection.
 */
export function isFerretDb(connection: Connection): Promise<boolean> {
  let flavor = flavors.get(connection);
  if (!flavor) {
    flavor = (async () => {
      const db = connection.db;
      if (!db) throw new Error('not connected');
      const info = await db.admin().command({ buildInfo: 1 });
      return 'ferretdb' in info || 'ferretdbFeatures' in info;
    })();
    // A failed probe (the server was down) is asked again next time.
    flavor.catch(() => flavors.delete(connection));
    flavors.set(connection, flavor);
  }
  return flavor;
}
