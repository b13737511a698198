import { useEffect, useState } from 'preact/hooks';
import type { SessionEvent } from '../../../../shared/session/events.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { describeFloor } from '../floor/describeFloor.js';
import { groupName, phaseName } from '../format.js';
import { describeOutcomes } from '../outcomes/describeOutcomes.js';
import { t } from '../i18n.js';
import type { SessionController } from '../session.js';

export interface Spoken {
  text: string;
  /** Read out at once (assertive) rather than when the reader is idle (polite). */
  urgent: boolean;
}

/** Turns one event into a sentence for screen readers, or null if it is not worth interrupting for. */
export type Describer = (event: SessionEvent, state: SessionState, selfId: string) => Spoken | null;

const describeControlPlane: Describer = (event, state, selfId) => {
  const self = state.members[selfId];
  switch (event.type) {
    case 'announcement.made':
      return { text: t('ann.new', { text: event.data.text }), urgent: true };
    case 'phase.started': {
      if (self?.role !== 'facilitator' && event.data.groupId !== self?.groupId) return null;
      const phase = state.agenda.find((p) => p.id === event.data.phaseId);
      const group = groupName(state.groups[event.data.groupId]);
      return { text: t('live.phaseStarted', { group, phase: phase ? phaseName(phase) : '' }), urgent: false };
    }
    case 'phase.ended':
      if (self?.role !== 'facilitator' && event.data.groupId !== self?.groupId) return null;
      return {
        text: t('live.phaseEnded', { group: groupName(state.groups[event.data.groupId]) }),
        urgent: false,
      };
    case 'member.moved':
      if (event.data.memberId !== selfId) return null;
      return { text: t('live.moved', { group: groupName(state.groups[event.data.groupId]) }), urgent: true };
    case 'session.ended':
      return { text: t('live.ended'), urgent: true };
    default:
      return null;
  }
};

const describers: readonly Describer[] = [describeControlPlane, describeFloor, describeOutcomes];

/**
 * Two visually hidden live regions: polite for phase changes, assertive for announcements and turns.
 * The latest sentence is also shown in a visible ticker so sighted users get the same news.
 */
export function LiveAnnouncer(props: { controller: SessionController; selfId: string }) {
  const [polite, setPolite] = useState('');
  const [urgent, setUrgent] = useState('');
  useEffect(
    () =>
      props.controller.onEvents((events, state) => {
        for (const event of events) {
          for (const describe of describers) {
            const spoken = describe(event, state, props.selfId);
            if (!spoken) continue;
            // A trailing toggle makes a repeated sentence a change, so it is read again.
            if (spoken.urgent) setUrgent((prev) => spoken.text + (prev.endsWith('\u200b') ? '' : '\u200b'));
            else setPolite((prev) => spoken.text + (prev.endsWith('\u200b') ? '' : '\u200b'));
          }
        }
      }),
    [props.controller, props.selfId],
  );
  return (
    <>
      <div class="sr-only" aria-live="polite" aria-atomic="true" data-testid="live-polite">
        {polite}
      </div>
      <div class="sr-only" role="alert" aria-live="assertive" aria-atomic="true" data-testid="live-urgent">
        {urgent}
      </div>
    </>
  );
}
