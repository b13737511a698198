import { groupEquity } from '../../../../shared/session/floor/equity.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { formatDuration } from '../format.js';
import { formatPercent, t } from '../i18n.js';
import { giniText } from './equityText.js';

/** Each participant's speaking time and share, the Gini coefficient and who has not spoken yet. */
export function Equity(props: { state: SessionState; groupId: string; now: number }) {
  const figures = groupEquity(props.state, props.groupId, props.now);
  const silent = figures.notYetSpoken.map((id) => props.state.members[id]?.name ?? id);
  return (
    <section class="equity" aria-labelledby={`equity-${props.groupId}`}>
      <h3 id={`equity-${props.groupId}`}>{t('equity.heading')}</h3>
      <p data-testid="gini">{t('equity.gini', { gini: giniText(figures) })}</p>
      <p>{silent.length > 0 ? t('equity.silent', { names: silent.join(', ') }) : t('equity.allSpoke')}</p>
      {figures.members.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('equity.member')}</th>
              <th scope="col">{t('equity.time')}</th>
              <th scope="col">{t('equity.share')}</th>
              <th scope="col">{t('equity.turns')}</th>
            </tr>
          </thead>
          <tbody>
            {figures.members.map((m) => (
              <tr key={m.memberId}>
                <th scope="row">{m.name}</th>
                <td>{formatDuration(m.spokenMs, 'down')}</td>
                <td>
                  <span class="share-bar" aria-hidden="true">
                    <span style={{ width: `${Math.round(m.share * 100)}%` }} />
                  </span>{' '}
                  {formatPercent(m.share)}
                </td>
                <td>{m.turns}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
