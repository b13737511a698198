import { queueOrder } from '../../../../shared/session/floor/order.js';
import './floor.css';
import { queueIsOpen } from '../../../../shared/session/floor/turns.js';
import type { HandKind } from '../../../../shared/session/floor/types.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { useCommand } from '../components/useCommand.js';
import { t } from '../i18n.js';
import type { SessionController } from '../session.js';
import { SpeakerClock } from './SpeakerClock.js';
import { ErrorLine } from '../components/ErrorLine.js';

/** The queue in the order every client computes from the log, you marked in it. */
function QueueList(props: { state: SessionState; groupId: string; selfId: string }) {
  const order = queueOrder(props.state, props.groupId);
  if (order.length === 0) return <p class="muted">{t('queue.empty')}</p>;
  return (
    <ol class="queue-list" data-testid="queue-list" aria-label={t('queue.order')}>
      {order.map((entry) => (
        <li key={entry.memberId} class={entry.memberId === props.selfId ? 'self' : ''}>
          <span class="member-name">{props.state.members[entry.memberId]?.name ?? '?'}</span>
          {entry.memberId === props.selfId && <span class="muted"> {t('queue.you')}</span>}
          {entry.kind !== 'normal' && (
            <span class={`kind kind-${entry.kind}`}>{t(`kind.${entry.kind}`)}</span>
          )}
        </li>
      ))}
    </ol>
  );
}

/** A participant's hand controls: raise (three kinds), lower, your place, give the floor back. */
function HandControls(props: {
  controller: SessionController;
  state: SessionState;
  groupId: string;
  selfId: string;
}) {
  const { state, groupId, selfId } = props;
  const command = useCommand(props.controller);
  const group = state.groups[groupId];
  if (!group) return null;
  const order = queueOrder(state, groupId);
  const place = order.findIndex((e) => e.memberId === selfId);
  const turn = group.queue.turn;
  const raise = (kind: HandKind) => void command.run({ type: 'hand.raise', kind });
  return (
    <div class="hand-controls">
      {turn?.memberId === selfId ? (
        <button
          type="button"
          class="primary"
          disabled={command.busy}
          onClick={() => void command.run({ type: 'turn.yield', turnId: turn.turnId })}
        >
          {t('queue.yield')}
        </button>
      ) : place >= 0 ? (
        <>
          <p class="your-place" data-testid="your-place">
            {t('queue.yourPlace', { place: place + 1, count: order.length })}
          </p>
          <button
            type="button"
            disabled={command.busy}
            onClick={() => void command.run({ type: 'hand.lower' })}
          >
            {t('queue.lower')}
          </button>
        </>
      ) : (
        <div class="button-row">
          <button type="button" class="primary" disabled={command.busy} onClick={() => raise('normal')}>
            {t('queue.raise')}
          </button>
          <button type="button" disabled={command.busy || !turn} onClick={() => raise('reply')}>
            {t('queue.reply')}
          </button>
          <button type="button" disabled={command.busy} onClick={() => raise('order')}>
            {t('queue.pointOfOrder')}
          </button>
        </div>
      )}
      <ErrorLine message={command.error} />
    </div>
  );
}

/** The floor of one group: current speaker and countdown, the queue, and (for participants) the hand controls. */
export function SpeakingQueue(props: {
  controller: SessionController;
  state: SessionState;
  groupId: string;
  selfId: string;
  now: number;
  large?: boolean;
}) {
  const { state, groupId, selfId } = props;
  const group = state.groups[groupId];
  if (!group) return null;
  const open = queueIsOpen(state, group);
  const role = state.members[selfId]?.role;
  return (
    <section class={`card floor${props.large ? ' large' : ''}`} aria-labelledby={`floor-${groupId}`}>
      <h2 id={`floor-${groupId}`}>{t('queue.heading')}</h2>
      <SpeakerClock state={state} groupId={groupId} now={props.now} selfId={selfId} />
      {!open && <p class="muted">{t('queue.closed')}</p>}
      {group.queue.paused && <p class="banner warning">{t('queue.paused')}</p>}
      <h3>{t('queue.order')}</h3>
      <QueueList state={state} groupId={groupId} selfId={selfId} />
      {role === 'participant' && state.members[selfId]?.groupId === groupId && open && (
        <HandControls controller={props.controller} state={state} groupId={groupId} selfId={selfId} />
      )}
    </section>
  );
}
