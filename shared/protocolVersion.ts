// Apart from protocol.ts (which needs zod), so that clients can send it without bundling zod.
/**
 * The version of this contract (events, payloads, acks). A client sends the version it speaks in the
 * handshake (`auth.protocol`); a server refuses one it does not support with `unsupported_protocol`, rather
 * than let it misread events. Raised on any change an older client would misunderstand; additions it can
 * ignore (a new event, an optional field) keep it.
 */
export const PROTOCOL_VERSION = 1;
/** Versions this server accepts; a handshake without `protocol` (clients older than the field) is taken as 1. */
export const SUPPORTED_PROTOCOLS: readonly number[] = [1];
