import cluster from 'node:cluster';
import { ConfigError, loadConfig } from './config.js';
import { createPalabre } from './app.js';

async function main(): Promise<void> {
  let config;
  try {
    config = await loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`palabre: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const palabre = await createPalabre(config);
  const url = await palabre.listen();
  const base = config.publicUrl ?? url;
  palabre.log.info('palabre listening', {
    url,
    store: config.redisUrl ? 'redis' : `files in ${config.dataDir}`,
  });
  // In a cluster, one worker speaks for all of them.
  const banner = !cluster.isWorker || cluster.worker?.id === 1;
  if (banner) process.stdout.write(`\nPalabre is running at ${base}\n`);
  if (banner && config.adminTokenGenerated) {
    process.stdout.write(
      `Admin token (generated, kept in ${config.dataDir}/.admin-token): ${config.adminToken}\n` +
        `Create a session:\n  curl -X POST ${base}/api/sessions -H 'Authorization: Bearer ${config.adminToken}' ` +
        `-H 'Content-Type: application/json' -d '{"title":"Atelier de quartier"}'\n\n`,
    );
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    palabre.log.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    palabre.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('unhandledRejection', (reason) => palabre.log.error('unhandled rejection', { err: reason }));
}

main().catch((error: unknown) => {
  process.stderr.write(`palabre: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
