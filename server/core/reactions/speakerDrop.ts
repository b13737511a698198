import { speakingSettings } from '../../../shared/session/floor/types.js';
import type { Logger } from '../../log.js';
import type { MemberConnections } from '../memberConnections.js';
import type { SessionService } from '../sessionService.js';
import type { Reaction } from './reaction.js';

/**
 * When a speaker's last connection closes and the session says `speakerDrop: 'end'`, their turn ends
 * (`turn.drop`, as `system`). With the default `keep`, nothing happens: the turn runs until it expires or a
 * facilitator ends it, and a member who comes back with their resume token finds their place in the queue
 * (the queue is in the log). A second tab, on this process or another, keeps the floor.
 */
export class SpeakerDrop implements Reaction {
  readonly name = 'speaker drop';
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly sessions: SessionService,
    private readonly connections: MemberConnections,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.stopListening = this.connections.onClosed((sessionId, memberId) => {
      this.onClosed(sessionId, memberId).catch((err: unknown) =>
        this.log.error('speaker drop failed', { err, sessionId, memberId }),
      );
    });
  }

  stop(): void {
    this.stopListening?.();
    this.stopListening = null;
  }

  private async onClosed(sessionId: string, memberId: string): Promise<void> {
    const state = await this.sessions.get(sessionId);
    if (!state || speakingSettings(state.settings).speakerDrop !== 'end') return;
    const member = state.members[memberId];
    const turn = member ? state.groups[member.groupId]?.queue.turn : undefined;
    if (!member || turn?.memberId !== memberId) return;
    if (await this.connections.connected(sessionId, memberId)) return;
    const result = await this.sessions.execute(
      sessionId,
      { type: 'turn.drop', groupId: member.groupId, turnId: turn.turnId },
      { kind: 'system' },
    );
    if (!result.ok && result.error.code !== 'invalid_state') {
      this.log.warn('could not end a dropped speaker’s turn', { sessionId, memberId, error: result.error });
    }
  }
}
