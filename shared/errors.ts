/**
 * Every error Palabre reports, in one table. Each code maps once to an HTTP status and to a WebSocket
 * close code (for the y-websocket endpoint), so every edge reports the same failure the same way.
 */
export const ErrorCode = {
  BadRequest: 'bad_request',
  UnknownCommand: 'unknown_command',
  PayloadTooLarge: 'payload_too_large',
  Unauthenticated: 'unauthenticated',
  TokenExpired: 'token_expired',
  /** An invite revoked by the organisers (`invite.revoke`). */
  TokenRevoked: 'token_revoked',
  Forbidden: 'forbidden',
  NotMember: 'not_member',
  NotFound: 'not_found',
  WrongPhase: 'wrong_phase',
  InvalidState: 'invalid_state',
  SessionEnded: 'session_ended',
  Conflict: 'conflict',
  RateLimited: 'rate_limited',
  LimitExceeded: 'limit_exceeded',
  Unavailable: 'unavailable',
  Internal: 'internal',
  /** The client speaks a protocol version this server does not (shared/protocol.ts PROTOCOL_VERSION). */
  UnsupportedProtocol: 'unsupported_protocol',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface PalabreError {
  code: ErrorCode;
  message: string;
}

export interface ErrorMapping {
  /** HTTP status for REST answers. */
  http: number;
  /** WebSocket close code (4000-4999 are application codes) for the document endpoint. */
  ws: number;
}

export const errorTable: Record<ErrorCode, ErrorMapping> = {
  bad_request: { http: 400, ws: 4400 },
  unknown_command: { http: 400, ws: 4400 },
  payload_too_large: { http: 413, ws: 4413 },
  unauthenticated: { http: 401, ws: 4401 },
  token_expired: { http: 401, ws: 4401 },
  token_revoked: { http: 401, ws: 4401 },
  forbidden: { http: 403, ws: 4403 },
  not_member: { http: 403, ws: 4403 },
  not_found: { http: 404, ws: 4404 },
  wrong_phase: { http: 409, ws: 4409 },
  invalid_state: { http: 409, ws: 4409 },
  session_ended: { http: 409, ws: 4410 },
  conflict: { http: 409, ws: 4409 },
  // 45xx: the stock y-websocket client reconnects (and resyncs) after it; it gives up after any 44xx.
  rate_limited: { http: 429, ws: 4529 },
  limit_exceeded: { http: 422, ws: 4413 },
  unavailable: { http: 503, ws: 4503 },
  internal: { http: 500, ws: 4500 },
  // 426 Upgrade Required: retrying cannot help; the client (or the server) must be updated.
  unsupported_protocol: { http: 426, ws: 4426 },
};

export function fail(code: ErrorCode, message: string): { ok: false; error: PalabreError } {
  return { ok: false, error: { code, message } };
}

export function isPalabreError(value: unknown): value is PalabreError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PalabreError).code === 'string' &&
    (value as PalabreError).code in errorTable &&
    typeof (value as PalabreError).message === 'string'
  );
}
