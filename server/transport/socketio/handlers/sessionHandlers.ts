import { z } from 'zod';
import { syncRequestSchema } from '../../../../shared/protocol.js';
import type { ClientEvent, CommandAck, SyncAck, TimeAck } from '../../../../shared/protocol.js';
import { commandSchema, isCommandType } from '../../../../shared/session/commands.js';
import { chatReaderOf } from '../../../../shared/session/chat/project.js';
import { audienceOf, project, projectEvent } from '../../../../shared/session/project.js';
import type { Clock } from '../../../core/clock.js';
import type { SessionService } from '../../../core/sessionService.js';
import type { Logger } from '../../../log.js';
import type { Metrics } from '../../../metrics.js';
import { zodMessage } from '../../http/errors.js';
import { defineHandler } from '../defineHandler.js';
import type { Handler } from '../defineHandler.js';
import type { PalabreSocket } from '../types.js';

export interface SessionHandlerDeps {
  sessions: SessionService;
  clock: Clock;
  log: Logger;
  /** Counts commands by type and outcome. */
  metrics?: Pick<Metrics, 'command'> | undefined;
}

/** Past this many events behind, a snapshot is cheaper than the missing events. */
const RESYNC_EVENTS_MAX = 500;
/** Refused commands in a row (rate limit) before the socket is cut: a flood, not a person. */
const STRIKES_MAX = 50;

const anyCommand = z.looseObject({ type: z.unknown() });

/** The handlers of the session events (with voiceHandlers.ts, every client event: a missing one is a compile error). */
export function sessionHandlers(
  deps: SessionHandlerDeps,
): Record<Exclude<ClientEvent, 'voice.signal' | 'voice.sfu'>, Handler> {
  const { sessions, clock, log } = deps;
  async function runCommand(socket: PalabreSocket, raw: { type: unknown }): Promise<CommandAck> {
    if (!socket.data.bucket.take(clock.now())) {
      socket.data.strikes += 1;
      if (socket.data.strikes > STRIKES_MAX) {
        log.warn('socket flooding commands; disconnecting', { memberId: socket.data.memberId });
        socket.disconnect(true);
      }
      return { ok: false, error: { code: 'rate_limited', message: 'too many commands; slow down' } };
    }
    socket.data.strikes = 0;
    if (socket.data.role === 'observer') {
      return { ok: false, error: { code: 'forbidden', message: 'observers are read-only' } };
    }
    if (!isCommandType(raw.type)) {
      return {
        ok: false,
        error: { code: 'unknown_command', message: `unknown command ${String(raw.type)}` },
      };
    }
    const parsed = commandSchema.safeParse(raw);
    if (!parsed.success)
      return { ok: false, error: { code: 'bad_request', message: zodMessage(parsed.error) } };
    const result = await sessions.execute(socket.data.sessionId, parsed.data, {
      kind: 'member',
      memberId: socket.data.memberId,
    });
    if (!result.ok) return result;
    return { ok: true, version: result.version };
  }

  return {
    command: defineHandler(anyCommand, log, async (socket, raw): Promise<CommandAck> => {
      const ack = await runCommand(socket, raw);
      const type = isCommandType(raw.type) ? raw.type : 'unknown';
      deps.metrics?.command(type, ack.ok ? 'ok' : ack.error.code);
      if (!ack.ok) {
        // One line per refusal; store trouble is a warning, a person's refused click is not.
        const level = ack.error.code === 'unavailable' || ack.error.code === 'internal' ? 'warn' : 'info';
        (socket.data.log ?? log)[level]('command refused', {
          type,
          code: ack.error.code,
          message: ack.error.message,
        });
      }
      return ack;
    }),

    sync: defineHandler(syncRequestSchema, log, async (socket, request): Promise<SyncAck> => {
      const state = await sessions.get(socket.data.sessionId);
      if (!state)
        return { ok: false, error: { code: 'not_found', message: 'this session no longer exists' } };
      const { memberId } = socket.data;
      const audience = audienceOf(socket.data.role);
      if (request.after > state.version || state.version - request.after > RESYNC_EVENTS_MAX) {
        return { ok: true, state: project(state, audience, memberId) };
      }
      const events = await sessions.eventsAfter(socket.data.sessionId, request.after);
      // Moved meanwhile: what this member reads of the chat changed with their group, so a fresh state.
      if (events.some((e) => e.type === 'member.moved' && e.data.memberId === memberId)) {
        return { ok: true, state: project(state, audience, memberId) };
      }
      const reader = chatReaderOf(state, memberId);
      return { ok: true, events: events.map((e) => projectEvent(e, audience, reader)) };
    }),

    time: defineHandler(null, log, (): TimeAck => ({ ok: true, now: clock.now() })),
  };
}
