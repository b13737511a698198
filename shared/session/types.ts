/**
 * The pure domain model of a deliberation session. No I/O here: this code runs on the server and in browsers.
 * The state is composed of what each feature folder defines (members/, phases/, floor/, outcomes/,
 * documents/); their types are re-exported here.
 */
import type { ChatMessage } from './chat/types.js';
import type { GroupDocument } from './documents/types.js';
import type { Announcement, Member, SessionSettings, SessionStatus } from './members/types.js';
import type { GroupDraft, HarvestedItem, Vote } from './outcomes/types.js';
import type { IssuedInvite } from './invites/types.js';
import type { Group, Phase } from './phases/types.js';
import type { VoiceState } from './voice/types.js';

export * from './members/types.js';
export * from './phases/types.js';
export * from './floor/types.js';
export * from './outcomes/types.js';
export * from './documents/types.js';
export * from './chat/types.js';
export * from './voice/types.js';
export * from './invites/types.js';

export interface SessionState {
  id: string;
  /** Number of events applied; the version of the log this state reflects. */
  version: number;
  /** Hash of the last event (hash chain, see server/core/hashChain.ts). */
  headHash: string;
  title: string;
  locale: string;
  status: SessionStatus;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  agenda: Phase[];
  groups: Record<string, Group>;
  /** Creation order of groups, plenary first. */
  groupOrder: string[];
  members: Record<string, Member>;
  announcements: Announcement[];
  settings: SessionSettings;
  /** Latest recorded document version of each group, as text (see outcomeTypes.ts). */
  drafts: Record<string, GroupDraft>;
  /** Recommendations brought back to the plenary, in harvest order. */
  harvested: HarvestedItem[];
  /** Votes, in the order they were opened. */
  votes: Vote[];
  /**
   * Per group: how editing of its recommendations document is decided, and the versions recorded so far
   * (see documents/access.ts). Absent until the first `editing.changed` or `document.versioned`.
   */
  documents?: Record<string, GroupDocument>;
  /**
   * Groups' floor modes and facilitators' microphones (see voice/audible.ts for who may be heard). Absent
   * until the first `floor.mode.changed` or `microphone.changed`.
   */
  voice?: VoiceState;
  /**
   * What the projector follows, as a facilitator chose it (`projector.follow`); absent until then. Read it
   * through `projectorGroup` (phases/projector.ts), which falls back to the plenary.
   */
  projector?: { groupId: string; since: number };
  /** Chat messages, oldest first (the latest `CHAT_LIMITS.keptMax`); absent until the first one. */
  chat?: ChatMessage[];
  /** Ids of invites revoked (`invite.revoked`); absent until the first. */
  revokedInvites?: string[];
  /**
   * Invite links issued (`invite.issued`), oldest first, each with its revocation if any; facilitators and
   * the admin only (projected out for others). Absent until the first: sessions older than this record have
   * none, and their links can be revoked only by id.
   */
  invites?: IssuedInvite[];
  /** Set when every invite is recorded from the session's creation (`session.created`): see `invites`. */
  invitesRecorded?: true;
  /** Times when no process was up (`service.interrupted`), oldest first; absent until the first. */
  interruptions?: ServiceInterruption[];
}

/** A time when no Palabre process was up: from `downSince` (ms since the epoch) for `downMs` (ms). */
export interface ServiceInterruption {
  downSince: number;
  downMs: number;
}
