/** The session itself and the people in it: roles, members, settings, announcements, who acts. */
import type { JoinAttribute } from './joinAttributes.js';
import type { SpeakingSettings } from '../floor/types.js';

export const ROLES = ['facilitator', 'participant', 'observer'] as const;
export type Role = (typeof ROLES)[number];

/** A session's lifecycle: created (scheduled), started (live), ended. */
export const SESSION_STATUSES = ['scheduled', 'live', 'ended'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface Member {
  id: string;
  name: string;
  role: Role;
  groupId: string;
  joinedAt: number;
  removed: boolean;
  /** Whether the member has a connection open right now, on any process (see server/core/presence). */
  connected: boolean;
  /**
   * Attributes declared at join or imported by facilitators (age band, neighbourhood…), used for stratified
   * draws. Private: only facilitators see them (see project.ts).
   */
  attributes: Record<string, string>;
  /** Their personal data was erased on request (`member.erased`): `name` is ERASED_MEMBER_NAME. */
  erased?: boolean;
}

/** The name an erased member keeps in every state and report (reports translate it). */
export const ERASED_MEMBER_NAME = 'erased member';

export interface Announcement {
  id: string;
  text: string;
  at: number;
  by: string;
}

export interface SessionSettings extends Partial<SpeakingSettings> {
  /** Members of one group may read (never write) other groups' documents. */
  crossGroupReading: boolean;
  /** Most members (all roles) a session accepts. */
  maxMembers: number;
  /** What participants are asked at join (public; the answers are private). Unset: nothing is checked. */
  joinAttributes?: JoinAttribute[] | undefined;
  /**
   * IANA time zone of the session's place (`Europe/Paris`, `America/Montreal`): the report writes times in
   * it. Unset: `DEFAULT_TIME_ZONE`.
   */
  timeZone?: string | undefined;
}

/** The time zone of a session that does not set one: Palabre's forums are mostly held in France. */
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

/** Who issues a command. `system` is the server itself (timers, joins checked by an invite token). */
export type Actor = { kind: 'member'; memberId: string } | { kind: 'system' } | { kind: 'admin' };
