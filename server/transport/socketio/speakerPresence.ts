import { speakingSettings } from '../../../shared/session/floor/types.js';
import type { SessionService } from '../../core/sessionService.js';
import type { Logger } from '../../log.js';
import type { PalabreSocket } from './types.js';

/**
 * The one bit of presence the speaking queue needs: when a speaker's last connection to this process
 * closes and the session says `speakerDrop: 'end'`, their turn ends (`turn.drop`, as `system`). With the
 * default `keep`, nothing happens: the turn runs until it expires or a facilitator ends it, and a member
 * who comes back with their resume token finds their place in the queue (the queue is in the log).
 */
export function endTurnOnSpeakerDrop(
  socket: PalabreSocket,
  deps: { sessions: SessionService; log: Logger; memberRoom: string },
): void {
  socket.on('disconnect', () => {
    const { sessionId, memberId } = socket.data;
    void (async () => {
      // socket.io has already taken this socket out of its rooms: an empty member room means no connection
      // left. fetchSockets asks every process when an adapter spans several (Redis), so a second tab on
      // another process keeps the floor.
      if ((await socket.nsp.in(deps.memberRoom).fetchSockets()).length > 0) return;
      const state = await deps.sessions.get(sessionId);
      if (!state || speakingSettings(state.settings).speakerDrop !== 'end') return;
      const member = state.members[memberId];
      const turn = member ? state.groups[member.groupId]?.queue.turn : undefined;
      if (!member || turn?.memberId !== memberId) return;
      const result = await deps.sessions.execute(
        sessionId,
        { type: 'turn.drop', groupId: member.groupId, turnId: turn.turnId },
        { kind: 'system' },
      );
      if (!result.ok && result.error.code !== 'invalid_state') {
        deps.log.warn('could not end a dropped speaker’s turn', { sessionId, memberId, error: result.error });
      }
    })().catch((err: unknown) => deps.log.error('speaker drop failed', { err }));
  });
}
