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
      if (state.status === 'ended') {
        if (events.some((e) => e.type === 'session.ended')) this.check(sessionId, state);
        return;
      }
      // Only an arrival or a move makes a group larger: count those groups, unless already warned about.
      const grown = new Set<string>();
      for (const e of events) {
        const groupId =
          e.type === 'member.connected'
            ? state.members[e.data.memberId]?.groupId
            : e.type === 'member.moved'
              ? e.data.groupId
              : undefined;
        if (groupId !== undefined && !this.warned.has(`${sessionId}/${groupId}`)) grown.add(groupId);
      }
      if (grown.size > 0) this.check(sessionId, state, grown);
    });
  }

  stop(): void {
    this.stopListening?.();
  }

  /**
   * Counts the listeners of `groups` (default: every group) in `state` and warns about those newly above the
   * size; an ended session's groups are forgotten.
   */
  check(sessionId: string, state: SessionState, groups: Iterable<string> = Object.keys(state.groups)): void {
    if (state.status === 'ended') {
      for (const groupId of Object.keys(state.groups)) this.warned.delete(`${sessionId}/${groupId}`);
      return;
    }
    const counted = new Set(groups);
    const connected = new Map<string, number>();
    for (const m of Object.values(state.members))
      if (m.connected && !m.removed && counted.has(m.groupId))
        connected.set(m.groupId, (connected.get(m.groupId) ?? 0) + 1);
    for (const groupId of counted) {
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
