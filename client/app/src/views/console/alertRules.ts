import { currentPhase, openGroups } from '../../../../sdk/selectors.js';
import type { SessionEvent } from '../../../../../shared/session/events.js';
import type { SessionState } from '../../../../../shared/session/types.js';
import { PLENARY_ID } from '../../../../../shared/session/types.js';
import { formatDuration, groupName, phaseName } from '../../format.js';
import { formatClockTime, t } from '../../i18n.js';

/**
 * Something a facilitator should see now: a hand, a point of order, a phase over its time, or the service having
 * been down (no process was up for a while).
 */
export interface ConsoleAlert {
  /** Stable per cause (one alert per raised hand, per phase run over time, per outage). */
  id: string;
  kind: 'hand' | 'reply' | 'order' | 'overrun' | 'outage';
  text: string;
  groupId: string;
}

/** The alert an event raises for facilitators, or null. */
export function alertOf(event: SessionEvent, state: SessionState): ConsoleAlert | null {
  if (event.type === 'service.interrupted') {
    const { downSince, downMs } = event.data;
    return {
      id: `outage:${downSince}`,
      kind: 'outage',
      text: t('alerts.outage', {
        from: formatClockTime(downSince),
        to: formatClockTime(downSince + downMs),
        duration: formatDuration(downMs),
      }),
      groupId: PLENARY_ID,
    };
  }
  if (event.type !== 'hand.raised') return null;
  return handAlert(state, event.data);
}

/**
 * The alerts of the hands already up in every open group: what a console opened (or reloaded) while people wait
 * must show too. Same ids as the alerts of their `hand.raised` events, so none shows twice.
 */
export function waitingHandAlerts(state: SessionState): ConsoleAlert[] {
  return openGroups(state).flatMap((group) =>
    group.queue.entries.map((entry) => handAlert(state, { groupId: group.id, ...entry })),
  );
}

function handAlert(
  state: SessionState,
  hand: { groupId: string; memberId: string; kind: 'normal' | 'reply' | 'order'; seq: number },
): ConsoleAlert {
  const { groupId, memberId, kind, seq } = hand;
  const params = {
    name: state.members[memberId]?.name ?? '?',
    group: groupName(state.groups[groupId]),
  };
  const key = kind === 'normal' ? 'alerts.hand' : kind === 'reply' ? 'alerts.reply' : 'alerts.order';
  return {
    id: `hand:${groupId}:${memberId}:${seq}`,
    kind: kind === 'normal' ? 'hand' : kind,
    text: t(key, params),
    groupId,
  };
}

/** One alert per group whose running phase is past its planned end (keyed by the phase's start). */
export function overrunAlerts(state: SessionState, now: number): ConsoleAlert[] {
  if (state.status !== 'live') return [];
  return openGroups(state).flatMap((group) => {
    const current = currentPhase(state, group.id);
    if (!current || now <= current.plannedEndAt) return [];
    return [
      {
        id: `overrun:${group.id}:${current.phase.id}:${current.startedAt}`,
        kind: 'overrun' as const,
        text: t('alerts.overrun', { group: groupName(group), phase: phaseName(current.phase) }),
        groupId: group.id,
      },
    ];
  });
}
