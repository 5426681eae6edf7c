import os from 'node:os';
import { parseArgs } from 'node:util';
import { apiKeyScopes } from '../../domain/auth/access.js';
import { createApiKeySchema, type AuditActor } from '../../domain/auth/schemas.js';
import { openDatabase } from '../../db/open.js';
import { createApiKeyService } from '../../api/api-keys/api-key-service.js';
import { createAuditLog, localOrigin } from '../../api/audit/audit-log.js';
import { readServicesEnv } from '../../services/services-env.js';
import { UsageError } from '../usage-error.js';

const usage = `Usage:
  drumbeat apikey create --name NAME --scopes ingest,read[,campaigns] [--expires-at 2027-01-01T00:00:00Z]
  drumbeat apikey list [--json]
  drumbeat apikey revoke ID_OR_PREFIX

Scopes: ${apiKeyScopes.join(', ')}. The key is printed once, at creation; only its hash is stored.
MongoDB is found from MONGODB_URI, or from a running \`npm start\` in this directory.`;


async function withKeyService<T>(run: (service: ReturnType<typeof createApiKeyService>) => Promise<T>): Promise<T> {
  const recorded = await readServicesEnv(process.env.DRUMBEAT_DATA_DIR ?? '.data');
  const uri = process.env.MONGODB_URI ?? recorded.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set and no running `npm start` was found in this directory');
  const database = await openDatabase(uri);
  try {
    return await run(createApiKeyService(database.models.apiKeys, createAuditLog(database.models.auditEvents)));
  } finally {
    await database.close();
  }
}

// The CLI acts as whoever runs it on this machine; the audit log says so.
const cliActor = (): AuditActor => ({ type: 'system', id: null, label: `cli:${os.userInfo().username}@${os.hostname()}` });

/** `drumbeat apikey create|list|revoke`: manage integrators' API keys from the command line. */
export async function apiKeyCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { name: { type: 'string' }, scopes: { type: 'string' }, 'expires-at': { type: 'string' }, json: { type: 'boolean' } },
  });
  const say = (line: string): boolean => process.stdout.write(`${line}\n`);

  if (action === 'create') {
    const parsed = createApiKeySchema.safeParse({
      name: values.name,
      scopes: (values.scopes ?? '').split(',').map((scope) => scope.trim()).filter(Boolean),
      ...(values['expires-at'] ? { expiresAt: values['expires-at'] } : {}),
    });
    if (!parsed.success) {
      throw new UsageError(parsed.error.issues.map((issue) => `--${String(issue.path[0] ?? 'input')}: ${issue.message}`).join('\n'), usage);
    }
    const { apiKey, key } = await withKeyService((service) => service.create(parsed.data, cliActor(), localOrigin));
    process.stderr.write(`Created API key "${apiKey.name}" (${apiKey.id}) with scopes ${apiKey.scopes.join(', ')}. Store it now; it cannot be shown again.\n`);
    say(key);
    return;
  }
  if (action === 'list') {
    const keys = await withKeyService((service) => service.list());
    if (values.json) {
      say(JSON.stringify(keys, null, 2));
      return;
    }
    say(['ID', 'NAME', 'KEY', 'SCOPES', 'CREATED', 'LAST USED', 'STATUS'].join('\t'));
    for (const key of keys) {
      const status = key.revokedAt ? `revoked ${key.revokedAt}` : key.expiresAt && key.expiresAt <= new Date().toISOString() ? 'expired' : 'active';
      say([key.id, key.name, key.prefix, key.scopes.join(','), key.createdAt, key.lastUsedAt ?? 'never', status].join('\t'));
    }
    return;
  }
  if (action === 'revoke') {
    const target = positionals[0];
    if (!target) throw new UsageError('name the key to revoke by its id or its prefix', usage);
    const prefix = /^dbk_([a-z0-9]{12})/.exec(target)?.[1] ?? target;
    const revoked = await withKeyService((service) => service.revoke(prefix, cliActor(), localOrigin));
    if (!revoked) throw new Error(`no API key ${target}`);
    say(`Revoked ${revoked.name} (${revoked.id}) at ${revoked.revokedAt ?? ''}`);
    return;
  }
  throw new UsageError(action ? `unknown action "${action}"` : 'name an action', usage);
}
