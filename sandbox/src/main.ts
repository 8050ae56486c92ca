#!/usr/bin/env node
// CLI: configuration from the environment; prints exactly one line on stdout, the base URL,
// which the API test harness reads (anything else goes to stderr).
import { createSandbox } from './app.js';
import { DEFAULT_VIRTUAL_NUMBER, loadCliConfig, SandboxConfigError } from './config.js';

async function main() {
  const { port, host, options, notices } = loadCliConfig(process.env);
  const sandbox = createSandbox(options);
  const running = await sandbox.listen(port, host);
  process.stdout.write(`${running.url}\n`);
  for (const line of notices) process.stderr.write(`${line}\n`);
  process.stderr.write(
    `Virtual number for SMS and WhatsApp: +${(options.virtualNumber ?? DEFAULT_VIRTUAL_NUMBER).replace(/^\+/, '')} (use it as VONAGE_SMS_FROM)\n`,
  );
  process.stderr.write(`Vonage sandbox ready: inbox ${running.url}/ (links use ${sandbox.publicUrl()})\n`);
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof SandboxConfigError) process.stderr.write(`vonage-sandbox: ${error.message}\n`);
  else process.stderr.write(`vonage-sandbox: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
