import { phaseName } from '../../format.js';
import { useState } from 'preact/hooks';
import { GroupOptions } from '../../components/GroupOptions.js';
import type { SessionState } from '../../../../../shared/session/types.js';
import { seenPhase } from '../../../../../shared/session/phases/expectations.js';
import { useCommand } from '../../components/useCommand.js';
import { t } from '../../i18n.js';
import type { SessionController } from '../../session.js';
import { ErrorLine } from '../../components/ErrorLine.js';
import { planMoves, sharedPhase, targetGroups } from './phaseMoves.js';
import type { PhaseMove, PhaseTarget } from './phaseMoves.js';

/** "Plénière : Débat → Information", one line per group, for a confirmation. */
function describe(moves: PhaseMove[]): string {
  return moves
    .map((m) =>
      t('phase.moveLine', {
        group: m.group.name,
        from: m.from ? phaseName(m.from) : t('phase.none'),
        to: m.to ? phaseName(m.to) : t('phase.end'),
      }),
    )
    .join('\n');
}

/**
 * Moves one group, or all open groups at once, through the agenda. Every move carries the phases shown here
 * (`from`), so a click that comes after someone else's move is refused instead of making a second step; moves
 * back (and finishing the agenda) ask first, naming each group and where it goes.
 */
export function PhaseControls(props: { controller: SessionController; state: SessionState }) {
  const { state } = props;
  const command = useCommand(props.controller);
  const [target, setTarget] = useState<string>('all');
  const groupId = target === 'all' || state.groups[target]?.status === 'open' ? target : 'all';
  const current = sharedPhase(state, groupId);
  // The phase picker follows the phase the groups are in, until the facilitator picks another one.
  const [picked, setPicked] = useState<{ groupId: string; phaseId: string } | null>(null);
  const phaseId = picked?.groupId === groupId ? picked.phaseId : (current?.id ?? state.agenda[0]?.id ?? '');
  const groups = targetGroups(state, groupId);
  const waiting = groups.some((g) => !g.phase && g.phaseRuns.length === 0);
  const mixed = new Set(groups.map((g) => g.phase?.phaseId ?? null)).size > 1;

  const go = (to: PhaseTarget) => {
    const moves = planMoves(state, groupId, to);
    const back = moves.filter((m) => m.back);
    if (back.length > 0 && !confirm(t('phase.confirmBack', { count: back.length, moves: describe(back) })))
      return;
    if (to === 'finish' && moves.length > 0) {
      if (!confirm(t('phase.confirmFinish', { count: moves.length, moves: describe(moves) }))) return;
    }
    void command.run({
      type: 'phase.goto',
      groupId,
      to,
      from: seenPhase(state, groupId),
      // "Previous" says it goes back by itself; a jump or a restart confirmed above says so explicitly.
      ...(back.length > 0 && to !== 'previous' ? { back: true as const } : {}),
    });
  };
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
      <p class="muted" data-testid="phase-current">
        {t('phase.current', {
          phase: current ? phaseName(current) : mixed ? t('phase.mixed') : t('phase.none'),
        })}
      </p>
      <div class="button-row">
        <button
          type="button"
          disabled={command.busy || (state.status === 'live' && !waiting)}
          onClick={() => go('first')}
          data-testid="phase-first"
        >
          {t('phase.first')}
        </button>
        <button
          type="button"
          disabled={command.busy}
          onClick={() => go('previous')}
          data-testid="phase-previous"
        >
          {t('phase.previous')}
        </button>
        <button
          type="button"
          class="primary"
          disabled={command.busy}
          onClick={() => go('next')}
          data-testid="phase-next"
        >
          {t('phase.next')}
        </button>
        <button type="button" disabled={command.busy} onClick={() => go('finish')} data-testid="phase-finish">
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
            onChange={(e) => setPicked({ groupId, phaseId: e.currentTarget.value })}
            data-testid="phase-goto"
          >
            {state.agenda.map((p) => (
              <option key={p.id} value={p.id}>
                {phaseName(p)}
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
