import { turnClock } from '../../../sdk/countdown.js';
import { membersOf } from '../../../sdk/selectors.js';
import { groupEquity } from '../../../../shared/session/floor/equity.js';
import type { GroupColumn } from '../components/GroupsTable.js';
import { formatDuration } from '../format.js';
import { t } from '../i18n.js';
import { giniText } from './equityText.js';

/** Columns the speaking queue adds to the all-groups table: who speaks (and for how long), queue, Gini. */
export const speakerColumn: GroupColumn = {
  header: 'groups.speaker',
  cell: (group, state, now) => {
    const turn = group.queue.turn;
    if (!turn) return t('groups.none');
    const clock = turnClock(turn, now);
    return `${state.members[turn.memberId]?.name ?? '?'} · ${formatDuration(clock.remainingMs ?? 0)}`;
  },
};

export const queueColumn: GroupColumn = {
  header: 'groups.queue',
  cell: (group) => String(group.queue.entries.length),
};

export const equityColumn: GroupColumn = {
  header: 'groups.equity',
  cell: (group, state, now) => giniText(groupEquity(state, group.id, now)),
};

/** Who is connected right now in each group, from presence (`member.connected` / `member.disconnected`). */
export const presenceColumn: GroupColumn = {
  header: 'groups.connected',
  cell: (group, state) => {
    const members = membersOf(state, group.id);
    const connected = members.filter((m) => m.connected).length;
    return (
      <span
        data-testid="group-connected"
        title={members
          .filter((m) => m.connected)
          .map((m) => m.name)
          .join(', ')}
      >
        {t('groups.connectedCell', { connected, total: members.length })}
      </span>
    );
  },
};
