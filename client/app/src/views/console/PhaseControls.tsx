import { useState } from 'preact/hooks';
import { GroupOptions } from '../../components/GroupOptions.js';
import type { SessionState } from '../../../../../shared/session/types.js';
import { seenPhase } from '../../../../../shared/session/expectations.js';
import { useCommand } from '../../components/useCommand.js';
import { t } from '../../i18n.js';
import type { SessionController } from '../../session.js';
import { ErrorLine } from '../../components/ErrorLine.js';

/** Moves one group, or all open groups at once, through the agenda. */
export function PhaseControls(props: { controller: SessionController; state: SessionState }) {
  const { state } = props;
  const command = useCommand(props.controller);
  const [target, setTarget] = useState<string>('all');
  const [phaseId, setPhaseId] = useState<string>(state.agenda[0]?.id ?? '');
  const groupId = target === 'all' || state.groups[target]?.status === 'open' ? target : 'all';
  const go = (to: 'first' | 'next' | 'previous' | 'finish' | { phaseId: string }) =>
    void command.run({ type: 'phase.goto', groupId, to, from: seenPhase(state, groupId) });
  return (
    <section class="card" aria-labelledby="phase-controls-heading">
      <h2 id="phase-controls-heading">{t('phase.controls')}</h2>
      <label class="field">
        <span>{t('phase.target')}</span>
        <select value={groupId} onChange={(e) => setTarget(e.currentTarget.value)} data-testid="phase-target">
          <option value="all">{t('phase.allGroups')}</option>
          <GroupOptions state={state} />
        </select>
      </label>
      <div class="button-row">
        <button type="button" disabled={command.busy} onClick={() => go('first')}>
          {t('phase.first')}
        </button>
        <button type="button" disabled={command.busy} onClick={() => go('previous')}>
          {t('phase.previous')}
        </button>
        <button type="button" class="primary" disabled={command.busy} onClick={() => go('next')}>
          {t('phase.next')}
        </button>
        <button type="button" disabled={command.busy} onClick={() => go('finish')}>
          {t('phase.finish')}
        </button>
      </div>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (phaseId) go({ phaseId });
        }}
      >
        <label class="field">
          <span>{t('phase.goto')}</span>
          <select
            value={phaseId}
            onChange={(e) => setPhaseId(e.currentTarget.value)}
            data-testid="phase-goto"
          >
            {state.agenda.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={command.busy} data-testid="phase-goto-submit">
          {t('phase.gotoSubmit')}
        </button>
      </form>
      <ErrorLine message={command.error} />
    </section>
  );
}
