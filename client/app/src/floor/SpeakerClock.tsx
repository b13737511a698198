import { turnClock } from '../../../sdk/countdown.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { formatDuration } from '../format.js';
import { t } from '../i18n.js';

/**
 * Who has the floor, with a countdown drawn locally from the turn's server-time `endsAt` and the measured
 * clock offset (`now` is server time). The countdown is not a live region: the turn change is announced
 * once by the LiveAnnouncer, not every second.
 */
export function SpeakerClock(props: { state: SessionState; groupId: string; now: number; selfId: string }) {
  const { state, groupId, now } = props;
  const turn = state.groups[groupId]?.queue.turn ?? null;
  if (!turn) {
    return (
      <div class="speaker idle" data-testid="speaker">
        <p class="muted">{t('speaker.none')}</p>
      </div>
    );
  }
  const clock = turnClock(turn, now);
  const remaining = clock.remainingMs ?? 0;
  const total = Math.max(1, (turn.endsAt ?? now + remaining) - turn.startedAt);
  const fraction = Math.min(1, Math.max(0, remaining / total));
  const name = state.members[turn.memberId]?.name ?? '?';
  const self = turn.memberId === props.selfId;
  return (
    <div class={`speaker${self ? ' self' : ''}${clock.paused ? ' paused' : ''}`} data-testid="speaker">
      <p class="eyebrow">{t('speaker.kind', { kind: t(`kind.${turn.kind}`) })}</p>
      <p class="speaker-name" data-testid="speaker-name">
        {self ? t('queue.youSpeak') : name}
      </p>
      <p class="countdown" data-testid="countdown" data-remaining-ms={Math.round(remaining)}>
        {clock.paused
          ? t('speaker.pausedLeft', { time: formatDuration(remaining) })
          : t('speaker.left', { time: formatDuration(remaining) })}
      </p>
      <div class="turn-bar" aria-hidden="true">
        <div style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
    </div>
  );
}
