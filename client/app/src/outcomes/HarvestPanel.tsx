import { documentOf, editingOpen } from '../../../../shared/session/documents/access.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { PLENARY_ID } from '../../../../shared/session/types.js';
import { useCommand } from '../components/useCommand.js';
import { groupName } from '../format.js';
import { originParams } from './labels.js';
import { t } from '../i18n.js';
import type { SessionController } from '../session.js';
import { ErrorLine } from '../components/ErrorLine.js';

/** Breakout groups a harvest takes by default: open ones, and closed ones with a draft not harvested yet. */
function candidates(state: SessionState): string[] {
  const taken = new Set(state.harvested.map((h) => `${h.groupId}\u0000${h.sourceId}`));
  return state.groupOrder.filter((id) => {
    if (id === PLENARY_ID) return false;
    if (state.groups[id]?.status === 'open') return true;
    return state.drafts[id]?.recommendations.some((r) => !taken.has(`${id}\u0000${r.id}`)) ?? false;
  });
}

/** Where a group's recommendations stand: still drafting, recorded (how many), or nothing recorded. */
function draftState(state: SessionState, groupId: string): { text: string; ready: boolean } {
  if (editingOpen(state, groupId)) return { text: t('harvest.drafting'), ready: false };
  const draft = state.drafts[groupId];
  const latest = documentOf(state, groupId).versions.at(-1);
  if (latest && draft?.versionId !== latest.versionId) return { text: t('harvest.drafting'), ready: false };
  if (!draft) return { text: t('harvest.none'), ready: true };
  return { text: t('harvest.recorded', { count: draft.recommendations.length }), ready: true };
}

/**
 * Facilitators: bring the breakout groups back to the plenary with the recommendations recorded when their
 * drafting ended; then the harvested list, each with its group of origin.
 */
export function HarvestPanel(props: { controller: SessionController; state: SessionState }) {
  const { state } = props;
  const command = useCommand(props.controller);
  const groups = candidates(state);
  const states = groups.map((id) => ({ id, ...draftState(state, id) }));
  return (
    <section class="card" aria-labelledby="harvest-heading" data-testid="harvest-panel">
      <h2 id="harvest-heading">{t('harvest.heading')}</h2>
      <p class="muted">{t('harvest.intro')}</p>
      {groups.length === 0 ? (
        <p class="muted">{t('harvest.noGroups')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('harvest.group')}</th>
              <th scope="col">{t('harvest.state')}</th>
            </tr>
          </thead>
          <tbody>
            {states.map((g) => (
              <tr key={g.id} data-harvest-group={g.id} data-ready={String(g.ready)}>
                <th scope="row">{groupName(state.groups[g.id])}</th>
                <td>{g.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="button-row">
        <button
          type="button"
          class="primary"
          data-testid="harvest-submit"
          disabled={command.busy || groups.length === 0 || states.some((g) => !g.ready)}
          onClick={() => {
            if (confirm(t('harvest.confirm'))) void command.run({ type: 'harvest.collect' });
          }}
        >
          {t('harvest.submit')}
        </button>
      </div>
      <ErrorLine message={command.error} />
      <h3>{t('harvest.list', { count: state.harvested.length })}</h3>
      {state.harvested.length === 0 ? (
        <p class="muted">{t('harvest.empty')}</p>
      ) : (
        <ol class="harvested" data-testid="harvested">
          {state.harvested.map((h) => (
            <li key={h.id} data-harvested={h.id}>
              <span class="item-title">{h.title}</span>{' '}
              <span class="muted small">· {t('harvest.from', originParams(state, h.groupId))}</span>
              {h.body && <p class="item-body">{h.body}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
