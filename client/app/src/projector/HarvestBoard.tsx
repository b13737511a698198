import type { SessionState } from '../../../../shared/session/types.js';
import { formatDecimal, t } from '../i18n.js';
import { originParams } from '../outcomes/labels.js';
import { harvestedResults } from './harvestResults.js';
import type { HarvestedResult } from './harvestResults.js';

/** "12 yes · 3 no · 2 abstain", "14 points · 6 supporters", "mean 1.8" for one result. */
function figures(row: HarvestedResult): string {
  const r = row.result;
  if (!r) return t('projector.noResult');
  if ('yes' in r) return t('projector.approval', { yes: r.yes, no: r.no, abstain: r.abstain });
  if ('points' in r) return t('projector.dots', { points: r.points, supporters: r.supporters });
  return t('projector.consent', { mean: formatDecimal(r.mean, 1), responses: r.responses });
}

/**
 * During the presentation to elected officials: the recommendations brought back, ranked by their latest
 * vote, with the results; a consent vote's blocking objections stand out in red with their count.
 */
export function HarvestBoard(props: { state: SessionState }) {
  const rows = harvestedResults(props.state);
  return (
    <section class="card harvest-board" aria-labelledby="harvest-board-heading" data-testid="harvest-board">
      <h2 id="harvest-board-heading">{t('projector.harvested')}</h2>
      {rows.length === 0 ? (
        <p class="muted">{t('projector.noHarvest')}</p>
      ) : (
        <ol class="harvest-rows">
          {rows.map((row) => (
            <li key={row.item.id} data-testid="harvest-row" data-blocks={row.blocks}>
              <span class="rank" aria-hidden={row.rank === null}>
                {row.rank ?? '·'}
              </span>
              <p class="harvest-title">
                {row.item.title}{' '}
                <span class="harvest-origin">
                  {t('harvest.from', originParams(props.state, row.item.groupId))}
                </span>
              </p>
              <div class="harvest-figures">
                <p data-testid="harvest-figures">{figures(row)}</p>
                {row.blocks > 0 && (
                  <p class="blocking" data-testid="harvest-blocks">
                    {t('projector.blocks', { count: row.blocks })}
                  </p>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
