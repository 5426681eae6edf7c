import { startApiServer } from '../../api/server.js';
import { loadApiConfig } from '../../config/api.js';
import { createLogger } from '../../observability/logger.js';
import { runRole } from '../lifecycle.js';

/** `drumbeat api`: the HTTP API, the web app and the API docs. */
export async function apiRole(): Promise<void> {
  const config = loadApiConfig();
  const logger = createLogger({ role: 'api', level: config.logLevel });
  await runRole('api', logger, () => startApiServer(config, logger));
}
