import type { SessionState } from '../../../shared/session/types.js';
import type { Logger } from '../../log.js';
import type { SessionService } from '../sessionService.js';

export interface EmbeddedGroupSizeDeps {
  sessions: SessionService;
  log: Logger;
  /**
   * The documented size of a group in embedded (browser-to-browser) mode, in listeners of one speaker
   * (EMBEDDED_VOICE_MAX_LISTENERS; docs/voice.md, "Size").
   */
  maxListeners: number;
}

/**
 * Embedded voice mode: warns once per group when a group has more listeners than the documented size, since
 * the speaker's browser then uploads one stream per listener (~50 kbit/s each) beyond what was sized. A
 * speaker's listeners are the group's connected members but the speaker. Once per group (and session) while
 * this process runs: the operator needs to learn it, not to read it at every arrival. Nothing is refused.
 */
export class EmbeddedGroupSize {
  /** `sessionId/groupId` of the groups already warned about (a session's are forgotten when it ends). */
  private readonly warned = new Set<string>();
  private stopListening: (() => void) | undefined;

  constructor(private readonly deps: EmbeddedGroupSizeDeps) {}

  start(): void {
    this.stopListening = this.deps.sessions.onEvents((sessionId, events, state) => {
      if (events.some((e) => e.type.startsWith('member.') || e.type.startsWith('session.')))
        this.check(sessionId, state);
    });
  }

  stop(): void {
    this.stopListening?.();
  }

  /** Counts each group's listeners in `state` and warns about those newly above the size. */
  check(sessionId: string, state: SessionState): void {
    if (state.status === 'ended') {
      for (const groupId of Object.keys(state.groups)) this.warned.delete(`${sessionId}/${groupId}`);
      return;
    }
    const connected = new Map<string, number>();
    for (const m of Object.values(state.members))
      if (m.connected && !m.removed) connected.set(m.groupId, (connected.get(m.groupId) ?? 0) + 1);
    for (const groupId of Object.keys(state.groups)) {
      const key = `${sessionId}/${groupId}`;
      const listeners = Math.max(0, (connected.get(groupId) ?? 0) - 1);
      if (listeners <= this.deps.maxListeners) continue;
      if (this.warned.has(key)) continue;
      this.warned.add(key);
      this.deps.log.warn(
        'embedded voice: a group has more listeners than documented; consider MEDIA_MODE=sfu',
        {
          sessionId,
          groupId,
          listeners,
          maxListeners: this.deps.maxListeners,
        },
      );
    }
  }
}
