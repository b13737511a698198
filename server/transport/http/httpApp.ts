import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import type { Express } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '../../log.js';
import { documentRoutes } from './documentRoutes.js';
import type { DocumentRoutesDeps } from './documentRoutes.js';
import { errorHandler, sendError } from './errors.js';
import type { TrustProxy } from '../clientAddress.js';
import { metricsRoute } from './metricsRoute.js';
import { openApiDocument } from './openapi.js';
import { privacyRoutes } from './privacyRoutes.js';
import type { PrivacyRoutesDeps } from './privacyRoutes.js';
import { requestLog } from './requestLog.js';
import { securityHeaders } from './securityHeaders.js';
import { outcomeRoutes } from './outcomeRoutes.js';
import type { OutcomeRoutesDeps } from './outcomeRoutes.js';
import { sessionRoutes } from './sessionRoutes.js';
import type { SessionRoutesDeps } from './sessionRoutes.js';

export interface HttpAppDeps
  extends SessionRoutesDeps, OutcomeRoutesDeps, DocumentRoutesDeps, PrivacyRoutesDeps {
  log: Logger;
  maxBodyBytes: number;
  /** Health of the backing services (Redis…), for /readyz. */
  readiness: () => Promise<{ ready: boolean; checks: Record<string, string> }>;
  /** Folder of the built web client, if it should be served. */
  clientDir: string | undefined;
  /** /metrics on this app, if it should be served there (and the token it requires, if any). */
  metrics?: { registry: Registry; token: string | undefined } | undefined;
  /** TRUST_PROXY, compiled (transport/clientAddress.ts). */
  trustProxy: TrustProxy;
  /** The server's version, for the OpenAPI document. */
  version?: string;
  /** Who may embed the page (CSP frame-ancestors): FRAME_ANCESTORS. */
  frameAncestors?: string[];
}

export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // req.ip: the client's address behind the proxies TRUST_PROXY names (the request log shows it).
  app.set('trust proxy', deps.trustProxy);
  app.use(securityHeaders({ frameAncestors: deps.frameAncestors ?? ["'none'"] }));
  const logRequests = requestLog(deps.log);
  if (logRequests) app.use(logRequests);

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, uptimeSec: Math.round(process.uptime()) });
  });
  app.get('/readyz', async (_req, res) => {
    const { ready, checks } = await deps.readiness();
    res.status(ready ? 200 : 503).json({ ok: ready, checks });
  });

  if (deps.metrics) app.get('/metrics', metricsRoute(deps.metrics.registry, deps.metrics.token));
  // Not served here (off, or on METRICS_PORT): a plain 404, never the web page a scraper would take for metrics.
  else
    app.get(
      '/metrics',
      (_req, res) => void res.status(404).type('text/plain').send('metrics are not served on this port\n'),
    );

  // Built on first request: the JSON schemas are only for tooling, not worth memory in every idle process.
  let openapi: ReturnType<typeof openApiDocument> | undefined;
  app.get(
    '/api/openapi.json',
    (_req, res) => void res.json((openapi ??= openApiDocument(deps.version ?? '0.0.0'))),
  );

  app.use('/api', express.json({ limit: deps.maxBodyBytes }), sessionRoutes(deps));
  app.use('/api', outcomeRoutes(deps));
  app.use('/api', privacyRoutes(deps));
  app.use('/api', documentRoutes(deps));
  app.use('/api', (_req, res) => sendError(res, { code: 'not_found', message: 'no such endpoint' }));

  const clientDir = deps.clientDir;
  if (clientDir && existsSync(join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: 'index.html', maxAge: '1h' }));
    // The page routes itself (/join#token…): every other GET gets the page.
    app.get(/^\/(?!api\/|socket\.io\/|yjs\/).*/, (_req, res) => res.sendFile(join(clientDir, 'index.html')));
  } else {
    app.get('/', (_req, res) => {
      res.type('text/plain').send('Palabre is running. The API lives under /api; see the README.\n');
    });
  }

  app.use(errorHandler(deps.log));
  return app;
}
