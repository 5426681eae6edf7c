#!/usr/bin/env node
// Drumbeat's command line. In a checkout it runs the TypeScript sources through tsx, so
// `npx drumbeat <role>` works without a build; DRUMBEAT_RUNTIME=dist (the Docker image) runs the
// compiled code from `npm run build` instead.
if (process.env.DRUMBEAT_RUNTIME === 'dist') {
  await import('../dist/server/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
