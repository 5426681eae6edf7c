import { apiKeyCommand } from './commands/apikey.js';
import { doctorCommand } from './commands/doctor.js';
import { seedCommand } from './commands/seed.js';
import { installServicesCommand, startServicesCommand } from './commands/services.js';
import { buildWorkflowsCommand } from './commands/build-workflows.js';
import { apiRole } from './roles/api.js';
import { consumersRole } from './roles/consumers.js';
import { vendorRole } from './roles/vendor.js';
import { workerRole } from './roles/worker.js';
import { runAll } from './supervisor.js';
import { UsageError } from './usage-error.js';

const usage = `Usage: drumbeat <command>

Roles (each a long-running process):
  all                 start the services, then every role below (what \`npm start\` runs)
  api                 HTTP API, web app and API docs
  worker              Temporal worker for campaign workflows and activities
  consumers           Redis Streams consumers that persist to MongoDB
  vendor              the simulated messaging vendor

Operations:
  services start      start only MongoDB, Redis and Temporal; print the variables to export
  services install    build or find the Temporal CLI and FerretDB without starting them
  doctor              run a probe through Temporal, the worker, Redis, the consumers and MongoDB
  build-workflows     write the prebuilt workflow bundle (dist/workflow-bundle.js)
  apikey create|list|revoke
                      manage integrators' API keys (\`drumbeat apikey\` for details)
  seed [--customers N] [--orders N] [--seed N] [--api-url URL]
                      load demo customers and orders through the ingestion API

Configuration comes from the environment; see .env.example.`;

const commands: Record<string, (args: string[]) => Promise<void>> = {
  all: runAll,
  api: apiRole,
  worker: workerRole,
  consumers: consumersRole,
  vendor: vendorRole,
  'services start': startServicesCommand,
  'services install': installServicesCommand,
  doctor: doctorCommand,
  'build-workflows': buildWorkflowsCommand,
  apikey: apiKeyCommand,
  seed: seedCommand,
};

/** Runs the command named by the arguments; unknown commands print the usage and exit 2. */
export async function main(argv: string[]): Promise<void> {
  const [first, second] = argv;
  const twoWord = commands[`${first} ${second}`];
  const command = twoWord ?? commands[first ?? ''];
  const wantsHelp = first === 'help' || first === '--help' || first === '-h';
  if (wantsHelp || !command) {
    process.stdout.write(`${usage}\n`);
    process.exit(wantsHelp ? 0 : 2);
  }
  try {
    await command(argv.slice(twoWord ? 2 : 1));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`drumbeat ${first}: ${error.message}\n\n${error.usage}\n`);
      process.exit(2);
    }
    process.stderr.write(`drumbeat ${argv.join(' ')}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

await main(process.argv.slice(2));
