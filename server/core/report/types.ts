import type { PhaseKind, SessionState } from '../../../shared/session/types.js';
import type { Tally, VoteMethod } from '../../../shared/session/outcomes/types.js';

/** The session report handed to elected officials: plain data, rendered as JSON, Markdown or HTML. */
export interface Report {
  session: Pick<
    SessionState,
    'id' | 'title' | 'locale' | 'status' | 'createdAt' | 'startedAt' | 'endedAt'
  > & {
    generatedAt: number;
    /** IANA time zone the report's times are written in: the session's setting, `Europe/Paris` by default. */
    timeZone: string;
  };
  /** Names replaced by stable pseudonyms ("Participant 3"). */
  pseudonymised: boolean;
  agenda: {
    planned: { phaseId: string; title: string; kind: PhaseKind; durationSec: number }[];
    /** The agenda as it ran, per group. */
    groups: GroupTimeline[];
    /**
     * Times when no Palabre process was up (`service.interrupted`), oldest first: left out of the phases'
     * actual times (and of speaking times, see the turns' `downMs`).
     */
    interruptions: { from: number; to: number; sec: number }[];
  };
  draws: ReportDraw[];
  groups: ReportGroup[];
  /** Recommendations brought back to the plenary, in order. */
  harvested: ReportRecommendation[];
  votes: ReportVote[];
  speaking: ReportSpeaking;
  /** Who was there, and for how long: from the log's presence events (member.connected/disconnected). */
  attendance: ReportAttendance[];
  announcements: { at: number; by: string; text: string }[];
  /** Annex: every chat message of the log, in order (names pseudonymised with the rest). */
  chat: ReportChatMessage[];
  log: { events: number; headHash: string; verified: boolean };
}

export interface PhaseTiming {
  phaseId: string;
  title: string;
  startedAt: number;
  /** null while the phase is still running (timed up to generatedAt). */
  endedAt: number | null;
  plannedSec: number;
  actualSec: number;
  /** actual - planned, in seconds (negative: finished early). */
  deltaSec: number;
  overrunSec: number;
  /** Seconds of the phase when no process was up: not in `actualSec`. */
  interruptedSec: number;
}

export interface GroupTimeline {
  groupId: string;
  name: string;
  runs: PhaseTiming[];
  totalOverrunSec: number;
}

export interface ReportDraw {
  drawId: string;
  at: number;
  seed: string;
  groupCount: number;
  stratifyBy: string[];
  people: number;
  groups: { groupId: string; name: string; size: number }[];
}

export interface ReportRecommendation {
  id: string;
  title: string;
  body: string;
  authors: string[];
  groupId: string;
  groupName: string;
  versionId: string;
}

export interface ReportGroup {
  groupId: string;
  name: string;
  status: 'open' | 'closed';
  /** Everyone who was ever a member of the group (participants), by name or pseudonym. */
  members: string[];
  draft: { versionId: string; recordedAt: number; recommendations: ReportRecommendation[] } | null;
}

export interface ReportVoteResult {
  itemId: string;
  title: string;
  /** Group the item was drafted in, for harvested recommendations. */
  groupName: string | null;
  rank: number;
  /** The method's figures for this item (yes/no/abstain, points/supporters, levels/mean/blocks). */
  figures: Tally['items'][number];
}

export interface ReportVote {
  voteId: string;
  title: string;
  groupName: string;
  method: VoteMethod;
  secret: boolean;
  status: 'open' | 'closed';
  openedAt: number;
  closedAt: number | null;
  voters: number;
  /** Results, best first; empty while an open vote shows no live results. */
  results: ReportVoteResult[];
}

export interface SpeakingGroup {
  groupId: string;
  name: string;
  totalSec: number;
  /** Gini coefficient of speaking time among the group's members (0 = equal, → 1 = one speaker). */
  gini: number;
  members: { name: string; seconds: number; share: number }[];
  /** Members who never held the floor. */
  silent: string[];
}

export interface ReportSpeaking {
  /** False when no speaking-time figures were given to the report. */
  available: boolean;
  groups: SpeakingGroup[];
}

/** Speaking time held, in ms, per group and member: the input the speaking-turns feature provides. */
export type SpeakingTimes = Record<string, Record<string, number>>;

/** One member's attendance, from the log: when they joined, were first and last there, and for how long. */
export interface ReportAttendance {
  name: string;
  role: 'facilitator' | 'participant' | 'observer';
  /** When they joined the session (ms since epoch). */
  joinedAt: number;
  /** When their last connection closed for good, or null while they are still connected. */
  leftAt: number | null;
  /** Total time connected, in seconds (up to the report's time while still connected). */
  presentSec: number;
  /** Times they were seen arriving (a reconnection after a departure counts again). */
  arrivals: number;
}

/** A chat message in the report's annex. A hidden one has no text, and says who hid it. */
export interface ReportChatMessage {
  at: number;
  group: string;
  /** `facilitators`: the private "ask the facilitators" channel. */
  channel: 'group' | 'facilitators';
  by: string;
  /** A facilitator's private answer: who it answered (pseudonymised with the rest); null otherwise. */
  to: string | null;
  text: string;
  hiddenBy: string | null;
}
