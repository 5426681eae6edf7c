import { loadVendorConfig } from '../../config/vendor.js';
import { createLogger } from '../../observability/logger.js';
import { startVendorService } from '../../vendor/service.js';
import { runRole } from '../lifecycle.js';

/** `drumbeat vendor`: the simulated messaging vendor, on its own port, with its receipt dispatcher. */
export async function vendorRole(): Promise<void> {
  const config = loadVendorConfig();
  const logger = createLogger({ role: 'vendor', level: config.logLevel });
  await runRole('vendor', logger, () => startVendorService(config, logger));
}
