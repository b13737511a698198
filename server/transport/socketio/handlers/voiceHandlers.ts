import { sfuRequestSchema, voiceSignalSchema } from '../../../../shared/voiceProtocol.js';
import type { MediaMode, RelayedSignal, SfuRequest } from '../../../../shared/voiceProtocol.js';
import type { SfuAck, SignalAck } from '../../../../shared/protocol.js';
import { checkSignal } from '../../../../shared/session/voice/signalling.js';
import type { Clock } from '../../../core/clock.js';
import type { SessionService } from '../../../core/sessionService.js';
import type { Logger } from '../../../log.js';
import { defineHandler } from '../defineHandler.js';
import type { Handler } from '../defineHandler.js';
import type { PalabreServer, PalabreSocket } from '../types.js';

/** SFU mode: what the socket transport asks of the media server side (server/core/voice/sfuVoice.ts). */
export interface SfuGateway {
  /** Handles one request of a member's socket; resolves with the ack to send. */
  request(socket: { id: string; sessionId: string; memberId: string }, request: SfuRequest): Promise<SfuAck>;
  /** The socket closed: whatever it held on the media server goes. */
  socketClosed(socketId: string): void;
}

export interface VoiceHandlerDeps {
  io: PalabreServer;
  sessions: SessionService;
  clock: Clock;
  log: Logger;
  mediaMode: MediaMode;
  /** Present in SFU mode. */
  sfu?: SfuGateway | undefined;
  /** Where a relayed message goes: every socket of a member, on any process (socket.io adapter). */
  memberRoom: (memberId: string) => string;
}

/** The refusal of a voice request meant for the other media mode; `how`: how this server carries voice. */
const wrongMode = (how: string): SignalAck => ({
  ok: false,
  error: { code: 'invalid_state', message: `this server carries voice ${how}` },
});

const SLOW_DOWN: SignalAck = {
  ok: false,
  error: { code: 'rate_limited', message: 'too many voice messages; slow down' },
};

/**
 * The voice events. Embedded mode: `voice.signal` is relayed to its recipient only if the session state
 * allows it (shared/session/voice/signalling.ts), so a member out of turn cannot even open a connection that
 * would carry their voice. SFU mode: `voice.sfu` goes to the SFU gateway. Both are paced by the socket's
 * voice token bucket (VOICE_SIGNAL_RATE).
 */
export function voiceHandlers(deps: VoiceHandlerDeps): Record<'voice.signal' | 'voice.sfu', Handler> {
  const { io, sessions, clock, log } = deps;
  const paced = (socket: PalabreSocket) => socket.data.voiceBucket.take(clock.now());
  return {
    'voice.signal': defineHandler(voiceSignalSchema, log, async (socket, signal): Promise<SignalAck> => {
      if (!paced(socket)) return SLOW_DOWN;
      if (deps.mediaMode !== 'embedded') return wrongMode('through its SFU: use voice.sfu');
      const { sessionId, memberId } = socket.data;
      const state = await sessions.get(sessionId);
      if (!state)
        return { ok: false, error: { code: 'not_found', message: 'this session no longer exists' } };
      const check = checkSignal(state, memberId, signal.to, signal.kind);
      if (!check.ok) {
        (socket.data.log ?? log).info('voice signal refused', { kind: signal.kind, code: check.error.code });
        return check;
      }
      const { to, ...rest } = signal;
      const relayed: RelayedSignal = { ...rest, from: memberId };
      io.to(deps.memberRoom(to)).emit('voice.signal', relayed);
      return { ok: true };
    }),
    'voice.sfu': defineHandler(sfuRequestSchema, log, async (socket, request): Promise<SfuAck> => {
      if (!paced(socket)) return SLOW_DOWN;
      if (deps.mediaMode !== 'sfu' || !deps.sfu) return wrongMode('browser to browser: use voice.signal');
      const { sessionId, memberId } = socket.data;
      return deps.sfu.request({ id: socket.id, sessionId, memberId }, request);
    }),
  };
}
