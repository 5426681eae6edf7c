import { loadVendorConfig } from '../../config/vendor.js';
import { listen } from '../../http/server.js';
import { createLogger } from '../../observability/logger.js';
import { createVendorApp } from '../../vendor/app.js';
import { runRole } from '../lifecycle.js';

/** `drumbeat vendor`: the simulated messaging vendor, on its own port. */
export async function vendorRole(): Promise<void> {
  const config = loadVendorConfig();
  const logger = createLogger({ role: 'vendor', level: config.logLevel });
  await runRole('vendor', logger, async () => {
    const server = await listen(createVendorApp(logger).callback(), config.host, config.port);
    return { url: server.url, close: () => server.close() };
  });
}
