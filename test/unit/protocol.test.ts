import type { Socket as ClientSocket } from 'socket.io-client';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  Ack,
  ClientEvent,
  ClientToServerEvents,
  CommandAck,
  Handshake,
  ServerToClientEvents,
  SyncAck,
  TimeAck,
} from '../../shared/protocol.js';
import { CLIENT_EVENTS, handshakeSchema, isClientEvent } from '../../shared/protocol.js';
import type { Command } from '../../shared/session/commands.js';
import type { SessionEvent } from '../../shared/session/events.js';
import type { SessionState } from '../../shared/session/types.js';
import type { Handler } from '../../server/transport/socketio/defineHandler.js';
import type { sessionHandlers } from '../../server/transport/socketio/handlers/sessionHandlers.js';
import type { PalabreServer, PalabreSocket } from '../../server/transport/socketio/types.js';
import type { voiceHandlers } from '../../server/transport/socketio/handlers/voiceHandlers.js';
import type { voiceSignalSchema } from '../../shared/voiceProtocol.js';
import type { RelayedSignal, VoiceSignal } from '../../shared/voiceProtocol.js';

/**
 * The socket.io contract, checked by the compiler (`npm run typecheck` compiles the tests): the events each
 * side may send, their payloads and acks, and that the server's handler table, the server's socket type and
 * the client's socket type are all built from the same declarations.
 */
describe('the socket.io contract', () => {
  it('lists every client event once, and nothing else', () => {
    expectTypeOf<ClientEvent>().toEqualTypeOf<keyof ClientToServerEvents>();
    expect(new Set(CLIENT_EVENTS).size).toBe(CLIENT_EVENTS.length);
    expect(CLIENT_EVENTS.every(isClientEvent)).toBe(true);
    expect(isClientEvent('hello')).toBe(false);
    expect(isClientEvent(42)).toBe(false);
  });

  it('types each request with its payload and its ack', () => {
    expectTypeOf<Parameters<ClientToServerEvents['command']>>().toEqualTypeOf<
      [command: Command, ack: (result: CommandAck) => void]
    >();
    expectTypeOf<Parameters<ClientToServerEvents['sync']>[1]>().toEqualTypeOf<(result: SyncAck) => void>();
    expectTypeOf<Parameters<ClientToServerEvents['time']>>().toEqualTypeOf<
      [ack: (result: TimeAck) => void]
    >();
    expectTypeOf<CommandAck>().toEqualTypeOf<Ack<{ version: number }>>();
    expectTypeOf<Extract<CommandAck, { ok: false }>['error']['code']>().toBeString();
  });

  it('types what the server pushes', () => {
    expectTypeOf<Parameters<ServerToClientEvents['events']>[0]['events']>().toEqualTypeOf<SessionEvent[]>();
    expectTypeOf<Parameters<ServerToClientEvents['snapshot']>[0]['state']>().toEqualTypeOf<SessionState>();
    expectTypeOf<Parameters<ServerToClientEvents['welcome']>[0]>().toHaveProperty('resumeToken');
    expectTypeOf<Parameters<ServerToClientEvents['voice.signal']>[0]>().toEqualTypeOf<RelayedSignal>();
    expectTypeOf<Parameters<ClientToServerEvents['voice.signal']>[0]>().toEqualTypeOf<VoiceSignal>();
    expectTypeOf<ReturnType<typeof voiceSignalSchema.parse>>().toEqualTypeOf<VoiceSignal>();
  });

  it('gives server and client sockets the same events, mirrored', () => {
    expectTypeOf<PalabreServer>().toHaveProperty('on');
    type ServerEmits = Parameters<PalabreSocket['emit']>[0];
    expectTypeOf<ServerEmits>().toEqualTypeOf<keyof ServerToClientEvents>();
    type ClientEmits = Parameters<ClientSocket<ServerToClientEvents, ClientToServerEvents>['emit']>[0];
    expectTypeOf<ClientEmits>().toEqualTypeOf<keyof ClientToServerEvents>();
    // The handler table has an entry for every client event: a new event without a handler does not compile.
    type AllHandlers = ReturnType<typeof sessionHandlers> & ReturnType<typeof voiceHandlers>;
    expectTypeOf<{ [K in keyof AllHandlers]: AllHandlers[K] }>().toEqualTypeOf<
      Record<ClientEvent, Handler>
    >();
  });

  it('parses the handshake into its type', () => {
    expectTypeOf<ReturnType<typeof handshakeSchema.parse>>().toEqualTypeOf<Handshake>();
    expect(handshakeSchema.safeParse({ resume: 'r' }).success).toBe(true);
    expect(handshakeSchema.safeParse({ token: 't', name: 'Ana' }).success).toBe(true);
    expect(handshakeSchema.safeParse({ token: 't' }).success).toBe(false);
  });
});
