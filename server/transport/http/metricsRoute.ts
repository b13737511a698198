import express from 'express';
import type { Express, RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { bearer, isAdminToken } from './auth.js';
import { sendError } from './errors.js';

/** GET /metrics in Prometheus' text format; with a token configured, only for `Authorization: Bearer <it>`. */
export function metricsRoute(registry: Registry, token: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (token !== undefined && !isAdminToken(bearer(req), token)) {
      return sendError(res, { code: 'unauthenticated', message: 'send the metrics token' });
    }
    registry.metrics().then((text) => {
      res.type(registry.contentType).send(text);
    }, next);
  };
}

/** The app of METRICS_PORT: /metrics and nothing else. */
export function metricsApp(registry: Registry, token: string | undefined): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsRoute(registry, token));
  app.use((_req, res) => sendError(res, { code: 'not_found', message: 'only /metrics here' }));
  return app;
}
