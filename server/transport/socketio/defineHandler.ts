import type { z } from 'zod';
import type { Ack } from '../../../shared/protocol.js';
import type { PalabreError } from '../../../shared/errors.js';
import { zodMessage } from '../http/errors.js';
import type { Logger } from '../../log.js';
import { StoreUnavailableError } from '../../core/storeUnavailable.js';
import type { PalabreSocket } from './types.js';

type AckFn = (result: Ack) => void;

export type Handler = (socket: PalabreSocket, args: unknown[]) => void;

/**
 * Binds a zod schema to a handler: the payload is parsed before any core code runs, a bad payload is
 * answered with `bad_request`, and a handler that throws answers `internal` instead of crashing.
 * A request without an ack callback cannot be answered and is ignored.
 */
export function defineHandler<S extends z.ZodType, R extends object>(
  schema: S | null,
  log: Logger,
  fn: (socket: PalabreSocket, payload: z.infer<S>) => Promise<Ack<R>> | Ack<R>,
): Handler {
  return (socket, args) => {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') return;
    const reply = ack as AckFn;
    const payloadArgs = args.slice(0, -1);
    const failWith = (error: PalabreError) => reply({ ok: false, error });
    let payload: unknown = undefined;
    if (schema) {
      if (payloadArgs.length !== 1) return failWith({ code: 'bad_request', message: 'expected one payload' });
      const parsed = schema.safeParse(payloadArgs[0]);
      if (!parsed.success) return failWith({ code: 'bad_request', message: zodMessage(parsed.error) });
      payload = parsed.data;
    }
    Promise.resolve()
      .then(() => fn(socket, payload as z.infer<S>))
      .then(reply, (err: unknown) => {
        if (err instanceof StoreUnavailableError) {
          (socket.data.log ?? log).warn('store unavailable', { message: err.message });
          return failWith({
            code: 'unavailable',
            message: 'the server cannot reach its store; try again shortly',
          });
        }
        log.error('socket handler failed', { err, socket: socket.id });
        failWith({ code: 'internal', message: 'internal error' });
      });
  };
}
