import cluster from 'node:cluster';
import { ConfigError, loadConfig } from './config.js';
import { createPalabre } from './app.js';

async function main(): Promise<void> {
  // Session logs, documents and ballots hold personal data: whatever this process creates is its owner's
  // alone (the file adapters also ask for 0600/0700 explicitly).
  process.umask(0o077);
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
        (config.serveClient
          ? `Organise sessions at ${base}/admin (sign in with the token), or create one:\n`
          : `Create a session:\n`) +
        `  curl -X POST ${base}/api/sessions -H 'Authorization: Bearer ${config.adminToken}' ` +
        `-H 'Content-Type: application/json' -d '{"title":"Atelier de quartier"}'\n\n`,
    );
  }

  // A supervisor's SIGTERM (or Ctrl-C) stops the server gracefully within SHUTDOWN_TIMEOUT_MS; a second
  // signal does not restart the drain. Exit 0 when everything was written and closed, 1 when time ran out.
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    const started = Date.now();
    palabre.log.info('shutting down', { signal, timeoutMs: config.shutdown.timeoutMs });
    const force = setTimeout(() => {
      palabre.log.error('graceful stop took too long; exiting', { timeoutMs: config.shutdown.timeoutMs });
      process.exit(1);
    }, config.shutdown.timeoutMs);
    force.unref();
    palabre.close().then(
      () => {
        palabre.log.info('stopped', { durationMs: Date.now() - started });
        process.exit(0);
      },
      (err: unknown) => {
        palabre.log.error('graceful stop failed', { err });
        process.exit(1);
      },
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
