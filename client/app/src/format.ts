import { t } from './i18n.js';
import type { Role } from '../../../shared/session/types.js';
import { PLENARY_ID } from '../../../shared/session/types.js';
import type { Group, Phase, PhaseKind } from '../../../shared/session/types.js';
import { en, fr } from './messages.js';

/** 75_000 → "1:15", 3_725_000 → "1:02:05". Remaining times round up, so "0:00" means the time is up. */
export function formatDuration(ms: number, round: 'up' | 'down' = 'up'): string {
  const total = Math.max(0, round === 'up' ? Math.ceil(ms / 1000) : Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** "12:05 left" or "Overrun by 2:10". */
export function formatRemaining(remainingMs: number): { text: string; overrun: boolean } {
  if (remainingMs >= 0)
    return { text: t('agenda.remaining', { time: formatDuration(remainingMs) }), overrun: false };
  return { text: t('agenda.overrun', { time: formatDuration(-remainingMs, 'down') }), overrun: true };
}

export function roleName(role: Role): string {
  return t(`role.${role}`);
}

/** The plenary's stored name is in the session's language; the page shows it in the reader's. */
export function groupName(group: Group | undefined): string {
  if (!group) return '?';
  const defaultName = group.name === 'Plénière' || group.name === 'Plenary';
  return group.id === PLENARY_ID && defaultName ? t('group.plenary') : group.name;
}

/**
 * A phase's title in the page's language. A title the facilitators wrote is shown as written; the default
 * title of a built-in template's phase (stored in the session's language, « Débat ») is shown as the
 * reader's language names that kind of phase ("Debate").
 */
export function phaseName(phase: Pick<Phase, 'kind' | 'title' | 'label'>): string {
  const key = `phaseKind.${phase.kind}` as const satisfies `phaseKind.${PhaseKind}`;
  const isDefault = phase.label === undefined && (phase.title === en[key] || phase.title === fr[key]);
  return isDefault ? t(key) : phase.title;
}
