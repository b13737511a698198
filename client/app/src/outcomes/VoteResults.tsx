import type { Tally, Vote } from '../../../../shared/session/outcomes/types.js';
import { ranking } from '../../../../shared/session/outcomes/tally.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { formatDecimal, t } from '../i18n.js';
import { originOf } from './labels.js';
import { ScrollTable } from '../components/ScrollTable.js';

type Row = Tally['items'][number];

/** The bar drawn behind a result: its share of the best score, decorative (the numbers are in the cells). */
function Bar(props: { value: number; max: number }) {
  const width = props.max > 0 ? Math.round((props.value / props.max) * 100) : 0;
  return (
    <span class="bar" aria-hidden="true">
      <span style={{ width: `${width}%` }} />
    </span>
  );
}

function headers(tally: Tally): string[] {
  switch (tally.method) {
    case 'approval':
      return [t('vote.yes'), t('vote.no'), t('vote.abstain')];
    case 'dots':
      return [t('vote.pointsCol'), t('vote.supporters')];
    case 'consent':
      return [1, 2, 3, 4, 5].map((l) => t(`consent.short.${l as 1 | 2 | 3 | 4 | 5}`)).concat(t('vote.mean'));
  }
}

function cells(row: Row): (string | number)[] {
  if ('yes' in row) return [row.yes, row.no, row.abstain];
  if ('points' in row) return [row.points, row.supporters];
  return [...row.levels, formatDecimal(row.mean, 2)];
}

/** The headline figure of a row, for its bar: yes votes, points, or answers that do not block. */
function score(row: Row): number {
  if ('yes' in row) return row.yes;
  if ('points' in row) return row.points;
  return row.responses - row.blocks;
}

/**
 * A vote's results, best first (the report's ranking), as a table with header cells; bars are decorative.
 * Only counts: ballots are never shown.
 */
export function VoteResults(props: { state: SessionState; vote: Vote; level?: 3 | 4 }) {
  const { state, vote } = props;
  const Heading = props.level === 4 ? 'h4' : 'h3';
  const tally = vote.tally;
  if (!tally) {
    return (
      <p class="muted" data-testid="results-pending">
        {t('vote.resultsPending')}
      </p>
    );
  }
  const byId = new Map(tally.items.map((r) => [r.itemId, r] as const));
  const items = new Map(vote.items.map((i) => [i.id, i] as const));
  const order = ranking(tally);
  const max = Math.max(0, ...tally.items.map(score));
  const captionId = `results-${vote.id}`;
  return (
    <div class="results" data-testid="vote-results" data-status={vote.status}>
      <Heading id={captionId}>
        {t(vote.status === 'open' ? 'vote.resultsLive' : 'vote.resultsFinal')}{' '}
        <span class="muted">· {t('vote.ballots', { count: tally.ballots })}</span>
      </Heading>
      <ScrollTable
        labelledBy={captionId}
        columns={[
          t('vote.rank'),
          t('vote.item'),
          ...headers(tally).map((label) => ({ label, numeric: true })),
        ]}
      >
        {order.map((id, index) => {
          const row = byId.get(id)!;
          const item = items.get(id);
          const origin = originOf(state, item?.origin?.groupId);
          return (
            <tr key={id} data-item={id}>
              <td class="num">{index + 1}</td>
              <th scope="row">
                <span class="item-title">{item?.title ?? id}</span>
                {origin && <span class="muted small"> · {origin}</span>}
                <Bar value={score(row)} max={max} />
              </th>
              {cells(row).map((c, i) => (
                <td key={i} class="num">
                  {c}
                </td>
              ))}
            </tr>
          );
        })}
      </ScrollTable>
    </div>
  );
}
