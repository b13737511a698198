import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../../log.js';
import { pinoOf } from '../../log.js';

/** A request id a client or proxy may hand us (X-Request-Id), if it is a sane one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const SESSION_PATH = /^\/api\/sessions\/([A-Za-z0-9_-]+)/;
/** Probes that would drown the log: one line every few seconds from every balancer. */
const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

/** The path as the client sent it (express rewrites `req.url` inside routers). */
function pathOf(req: IncomingMessage & { originalUrl?: string }): string {
  return req.originalUrl ?? req.url ?? '';
}

/** The URL with `?token=` (links opened in a browser) replaced: tokens never reach a log line. */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(/([?&]token=)[^&#]*/g, '$1[redacted]');
}

/**
 * One line per HTTP request (pino-http), with its request id (X-Request-Id, taken from the proxy when it sends
 * a sane one, sent back in the answer), the session id when the path names one, the client's address (as
 * TRUST_PROXY resolves it), the status and the time taken. 5xx are errors, 4xx info, the rest info for the
 * API and debug for the page's files; health probes and metrics scrapes are not logged.
 */
export function requestLog(log: Logger): RequestHandler | undefined {
  const base = pinoOf(log);
  if (!base) return undefined;
  const handler = pinoHttp({
    logger: base.child({ module: 'http' }),
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (req) => QUIET.has((req.url ?? '').split('?')[0]!) },
    customLogLevel: (req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'info';
      return pathOf(req).startsWith('/api/') ? 'info' : 'debug';
    },
    customProps: (req) => {
      const session = SESSION_PATH.exec(pathOf(req));
      return session ? { sessionId: session[1] } : {};
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string; raw: IncomingMessage & { ip?: string } }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
        ip: req.raw.ip ?? req.raw.socket?.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  return handler as unknown as RequestHandler;
}
