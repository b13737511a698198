import { effectivePolicy, queueOrder } from '../../../../shared/session/floor/order.js';
import type { QueuePolicy } from '../../../../shared/session/floor/types.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { useCommand } from '../components/useCommand.js';
import { t } from '../i18n.js';
import type { SessionController } from '../session.js';
import { Equity } from './Equity.js';
import { ErrorLine } from '../components/ErrorLine.js';

const POLICIES: QueuePolicy[] = ['fcfs', 'least-time', 'first-time'];

/** A facilitator's hold on one group's floor: give, extend, end, reorder, skip, remove, pause, clear, policy. */
export function QueueControls(props: {
  controller: SessionController;
  state: SessionState;
  groupId: string;
  now: number;
  /** Show the equity figures under the controls (the cockpit shows them elsewhere). */
  equity?: boolean;
}) {
  const { state, groupId } = props;
  const command = useCommand(props.controller);
  const group = state.groups[groupId];
  if (!group) return null;
  const order = queueOrder(state, groupId);
  const turn = group.queue.turn;
  const busy = command.busy;
  const run = command.run;
  return (
    <section class="card controls" aria-labelledby={`controls-${groupId}`}>
      <h2 id={`controls-${groupId}`}>{t('controls.heading')}</h2>
      <div class="button-row">
        <button
          type="button"
          class="primary"
          disabled={busy || order.length === 0 || group.queue.paused}
          onClick={() => void run({ type: 'floor.give', groupId, turnId: turn?.turnId ?? null })}
          data-testid="floor-next"
        >
          {t('controls.next')}
        </button>
        {turn && (
          <>
            <button
              type="button"
              disabled={busy}
              onClick={() => void run({ type: 'turn.extend', groupId, turnId: turn.turnId, seconds: 30 })}
            >
              {t('controls.extend', { seconds: 30 })}
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => void run({ type: 'turn.extend', groupId, turnId: turn.turnId, seconds: 60 })}
            >
              {t('controls.extend', { seconds: 60 })}
            </button>
            <button
              type="button"
              class="danger"
              disabled={busy}
              onClick={() => void run({ type: 'turn.end', groupId, turnId: turn.turnId })}
              data-testid="turn-end"
            >
              {t('controls.end')}
            </button>
          </>
        )}
      </div>
      {order.length > 0 && (
        <ol class="queue-admin" data-testid="queue-list" aria-label={t('queue.order')}>
          {order.map((entry, index) => {
            const name = state.members[entry.memberId]?.name ?? '?';
            return (
              <li key={entry.memberId}>
                <span class="member-name">{name}</span>
                {entry.kind !== 'normal' && (
                  <span class={`kind kind-${entry.kind}`}>{t(`kind.${entry.kind}`)}</span>
                )}
                <span class="row-actions">
                  <button
                    type="button"
                    disabled={busy || group.queue.paused}
                    onClick={() =>
                      void run({
                        type: 'floor.give',
                        groupId,
                        memberId: entry.memberId,
                        turnId: turn?.turnId ?? null,
                      })
                    }
                    aria-label={t('controls.giveTo', { name })}
                  >
                    ▶
                  </button>
                  <button
                    type="button"
                    disabled={busy || index === 0}
                    onClick={() =>
                      void run({ type: 'queue.move', groupId, memberId: entry.memberId, position: index - 1 })
                    }
                    aria-label={t('controls.up', { name })}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    disabled={busy || index === order.length - 1}
                    onClick={() =>
                      void run({ type: 'queue.move', groupId, memberId: entry.memberId, position: index + 1 })
                    }
                    aria-label={t('controls.down', { name })}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() =>
                      void run({ type: 'queue.skip', groupId, memberId: entry.memberId, position: index })
                    }
                    aria-label={t('controls.skip', { name })}
                  >
                    ⤼
                  </button>
                  <button
                    type="button"
                    class="danger"
                    disabled={busy}
                    onClick={() => void run({ type: 'queue.remove', groupId, memberId: entry.memberId })}
                    aria-label={t('controls.remove', { name })}
                  >
                    ✕
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      <div class="button-row">
        {group.queue.paused ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => void run({ type: 'queue.resume', groupId })}
            data-testid="queue-pause"
          >
            {t('controls.resume')}
          </button>
        ) : (
          <button
            type="button"
            disabled={busy}
            onClick={() => void run({ type: 'queue.pause', groupId })}
            data-testid="queue-pause"
          >
            {t('controls.pause')}
          </button>
        )}
        <button
          type="button"
          disabled={busy || order.length === 0}
          onClick={() => {
            if (confirm(t('controls.clearConfirm'))) void run({ type: 'queue.clear', groupId });
          }}
        >
          {t('controls.clear')}
        </button>
        <label class="field queue-policy-field">
          <span>{t('controls.policy')}</span>
          <select
            value={effectivePolicy(state, group)}
            disabled={busy || !group.phase}
            onChange={(e) =>
              void run({ type: 'queue.policy', groupId, policy: e.currentTarget.value as QueuePolicy })
            }
            data-testid="queue-policy"
          >
            {POLICIES.map((p) => (
              <option key={p} value={p}>
                {t(`policy.${p}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorLine message={command.error} />
      {props.equity !== false && <Equity state={state} groupId={groupId} now={props.now} />}
    </section>
  );
}
