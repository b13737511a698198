/** Groups and the agenda they follow: phases, their kinds, capabilities and runs. */
import type { GroupQueue } from '../floor/types.js';

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
