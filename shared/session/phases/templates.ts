import type { PhaseInput } from './schemas.js';

/** Built-in agendas, used when a session is created without one. Durations follow common forum practice. */
export const AGENDA_TEMPLATES = {
  /** Atelier de quartier: the classic evening neighbourhood workshop (about 2 h 15). */
  'neighbourhood-workshop': [
    { kind: 'welcome', durationSec: 10 * 60 },
    { kind: 'information', durationSec: 20 * 60 },
    { kind: 'debate', durationSec: 30 * 60 },
    { kind: 'drafting', durationSec: 40 * 60 },
    { kind: 'vote', durationSec: 15 * 60 },
    { kind: 'presentation', durationSec: 20 * 60 },
  ],
  /** City-wide workshop on a public policy: a longer information phase and a break before drafting. */
  'policy-workshop': [
    { kind: 'welcome', durationSec: 10 * 60 },
    { kind: 'information', durationSec: 40 * 60 },
    { kind: 'debate', durationSec: 45 * 60 },
    { kind: 'break', durationSec: 15 * 60 },
    { kind: 'drafting', durationSec: 60 * 60 },
    { kind: 'vote', durationSec: 20 * 60 },
    { kind: 'presentation', durationSec: 30 * 60 },
  ],
  /** One day of a citizens' assembly drawn by lot: hearings, deliberation, drafting, prioritisation. */
  'citizens-assembly': [
    { kind: 'welcome', durationSec: 20 * 60 },
    { kind: 'information', title: 'Auditions', durationSec: 90 * 60 },
    { kind: 'break', durationSec: 20 * 60 },
    { kind: 'debate', durationSec: 60 * 60 },
    { kind: 'drafting', durationSec: 90 * 60 },
    { kind: 'vote', durationSec: 30 * 60 },
    { kind: 'presentation', durationSec: 30 * 60 },
  ],
} as const satisfies Record<string, PhaseInput[]>;

export type AgendaTemplateName = keyof typeof AGENDA_TEMPLATES;
export const DEFAULT_TEMPLATE: AgendaTemplateName = 'neighbourhood-workshop';
export const TEMPLATE_NAMES = Object.keys(AGENDA_TEMPLATES) as [AgendaTemplateName, ...AgendaTemplateName[]];
