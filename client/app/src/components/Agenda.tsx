import { agendaFinished, currentPhase } from '../../../sdk/selectors.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { formatRemaining, phaseName } from '../format.js';
import { t } from '../i18n.js';

/** The current phase of a group, its capabilities and its time left (or overrun), drawn from the server clock. */
export function PhaseClock(props: { state: SessionState; groupId: string; now: number; large?: boolean }) {
  const { state, groupId, now } = props;
  const current = currentPhase(state, groupId);
  const group = state.groups[groupId];
  if (!current) {
    return (
      <div class="phase-clock idle" data-testid="phase-clock">
        <p>{group && agendaFinished(group) ? t('agenda.finished') : t('agenda.none')}</p>
      </div>
    );
  }
  const remaining = formatRemaining(current.plannedEndAt - now);
  const caps = current.phase.capabilities;
  return (
    <div class={`phase-clock${props.large ? ' large' : ''}`} data-testid="phase-clock">
      <p class="eyebrow">{t('agenda.current')}</p>
      <p class="phase-name" data-testid="phase-name" data-kind={current.phase.kind}>
        {phaseName(current.phase)}
      </p>
      <p class={`phase-time${remaining.overrun ? ' overrun' : ''}`} data-testid="phase-time">
        {remaining.text}
      </p>
      <ul class="caps" aria-label={t('agenda.current')}>
        {caps.queue && <li>{t('caps.queue')}</li>}
        {caps.editing && <li>{t('caps.editing')}</li>}
        {caps.voting && <li>{t('caps.voting')}</li>}
      </ul>
    </div>
  );
}

/** The agenda as a list, the group's current phase marked (aria-current) and past phases ticked. */
export function Agenda(props: { state: SessionState; groupId: string }) {
  const { state, groupId } = props;
  const group = state.groups[groupId];
  const currentId = group?.phase?.phaseId;
  const done = new Set(group?.phaseRuns.map((r) => r.phaseId));
  return (
    <section class="card agenda" aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">{t('agenda.heading')}</h2>
      <ol>
        {state.agenda.map((phase) => {
          const isCurrent = phase.id === currentId;
          return (
            <li
              key={phase.id}
              class={isCurrent ? 'current' : done.has(phase.id) ? 'done' : ''}
              aria-current={isCurrent ? 'step' : undefined}
            >
              <span class="phase-title">{phaseName(phase)}</span>
              <span class="phase-meta">
                {isCurrent
                  ? t('agenda.now')
                  : done.has(phase.id)
                    ? t('agenda.done')
                    : t('agenda.duration', { min: Math.round(phase.durationSec / 60) })}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
