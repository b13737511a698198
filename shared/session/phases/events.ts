import type { Phase } from './types.js';

/** Payloads of the agenda, group and phase events; merged into EventData (events.ts). */
export interface PhaseEventData {
  /** The agenda was replaced (command `agenda.set`; logs written before the rename say `agenda.set`). */
  'agenda.changed': { agenda: Phase[] };
  'group.created': { groupId: string; name: string };
  'group.renamed': { groupId: string; name: string };
  'group.closed': { groupId: string };
  /** The projector (the room's screen, the observers' view) now follows this group (`projector.follow`). */
  'projector.followed': { groupId: string };
  'phase.started': { groupId: string; phaseId: string; startedAt: number; plannedEndAt: number };
  'phase.ended': { groupId: string };
}
