import type { NextFunction, Request, Response } from 'express';
import type { ZodError } from 'zod';
import { errorTable } from '../../../shared/errors.js';
import type { PalabreError } from '../../../shared/errors.js';
import type { Logger } from '../../log.js';
import { StoreUnavailableError } from '../../core/storeUnavailable.js';

export function sendError(res: Response, error: PalabreError): void {
  res.status(errorTable[error.code].http).json({ ok: false, error });
}

export function zodMessage(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/** The last middleware: body-parser failures and anything unexpected become typed errors. */
export function errorHandler(log: Logger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') {
      sendError(res, { code: 'payload_too_large', message: 'the request body is too large' });
    } else if (
      type === 'entity.parse.failed' ||
      type === 'encoding.unsupported' ||
      type === 'charset.unsupported'
    ) {
      sendError(res, { code: 'bad_request', message: 'the request body is not valid JSON' });
    } else if (err instanceof StoreUnavailableError) {
      log.warn('store unavailable', { message: err.message });
      sendError(res, {
        code: 'unavailable',
        message: 'the server cannot reach its store; try again shortly',
      });
    } else {
      log.error('http handler failed', { err });
      sendError(res, { code: 'internal', message: 'internal error' });
    }
  };
}
