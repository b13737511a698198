/** The pure domain model of a deliberation session. No I/O here: this code runs on the server and in browsers. */
import type { GroupDraft, HarvestedItem, Vote } from './outcomeTypes.js';
import type { JoinAttribute } from './joinAttributes.js';
import type { GroupQueue, SpeakingSettings } from './queue/types.js';

export const ROLES = ['facilitator', 'participant', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export const PHASE_KINDS = [
  'welcome',
  'information',
  'debate',
  'drafting',
  'vote',
  'presentation',
  'break',
  'custom',
] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

/** What a phase opens. The server checks these on every command that needs them. */
export interface Capabilities {
  /** Participants may raise a hand and hold speaking turns. */
  queue: boolean;
  /** Participants may edit the group's recommendations document. */
  editing: boolean;
  /** Participants may cast ballots. */
  voting: boolean;
}

export interface Phase {
  id: string;
  kind: PhaseKind;
  /** Free label, used when kind is `custom` (e.g. "World café"). */
  label?: string | undefined;
  title: string;
  /** Planned duration (the time box), in seconds. */
  durationSec: number;
  capabilities: Capabilities;
  /** Length of a normal speaking turn in this phase, in seconds (else the session's `turnSec`). */
  turnSec?: number | undefined;
}

export type SessionStatus = 'scheduled' | 'live' | 'ended';

export const PLENARY_ID = 'plenary';

export interface GroupPhase {
  phaseId: string;
  startedAt: number;
  /** startedAt + durationSec; a phase still running after it is overrunning. */
  plannedEndAt: number;
}

/** A finished stretch of a phase in a group, for the "agenda as it ran" in reports. */
export interface PhaseRun {
  phaseId: string;
  startedAt: number;
  endedAt: number;
  plannedEndAt: number;
}

export interface Group {
  id: string;
  name: string;
  status: 'open' | 'closed';
  createdAt: number;
  /** The phase the group is in, or null before its first phase starts and after the agenda is finished. */
  phase: GroupPhase | null;
  phaseRuns: PhaseRun[];
  /** The speaking queue and the current turn (see queue/types.ts). */
  queue: GroupQueue;
}

export interface Member {
  id: string;
  name: string;
  role: Role;
  groupId: string;
  joinedAt: number;
  removed: boolean;
  /**
   * Attributes declared at join or imported by facilitators (age band, neighbourhood…), used for stratified
   * draws. Private: only facilitators see them (see project.ts).
   */
  attributes: Record<string, string>;
}

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
}

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
   * (see documents.ts). Absent until the first `editing.set` or `document.versioned`.
   */
  documents?: Record<string, GroupDocument>;
}

/** `phase`: the group's phase decides (capability `editing`); `open`/`locked`: a facilitator decided. */
export const EDITING_MODES = ['phase', 'open', 'locked'] as const;
export type EditingMode = (typeof EDITING_MODES)[number];

/** Metadata of a recorded version of a group's document; the update itself stays in the log. */
export interface DocumentVersion {
  versionId: string;
  /** The phase the group was leaving (null if it left an editing stretch opened outside a phase). */
  phaseId: string | null;
  at: number;
  /** Size of the recorded Yjs update. */
  bytes: number;
  /** Number of recommendations that are not withdrawn. */
  recommendations: number;
  /** Version of the session event that closed the editing stretch (one version per closing). */
  trigger: number;
}

export interface GroupDocument {
  editing: EditingMode;
  versions: DocumentVersion[];
}

/** Who issues a command. `system` is the server itself (timers, joins checked by an invite token). */
export type Actor = { kind: 'member'; memberId: string } | { kind: 'system' } | { kind: 'admin' };
