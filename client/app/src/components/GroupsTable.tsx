import type { ComponentChildren } from 'preact';
import { currentPhase, membersOf, openGroups } from '../../../sdk/selectors.js';
import type { Group, SessionState } from '../../../../shared/session/types.js';
import { formatRemaining, groupName, phaseName } from '../format.js';
import { t } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { ScrollTable } from './ScrollTable.js';

/** An extra column (speaker, queue, equity…) contributed by a feature. */
export interface GroupColumn {
  header: MessageKey;
  cell: (group: Group, state: SessionState, now: number) => ComponentChildren;
}

/** All open groups at a glance: phase, time left or overrun, members, plus the columns features add. */
export function GroupsTable(props: {
  state: SessionState;
  now: number;
  columns?: GroupColumn[];
  highlight?: string | undefined;
}) {
  const { state, now } = props;
  const columns = props.columns ?? [];
  return (
    <section class="card groups" aria-labelledby="groups-heading">
      <h2 id="groups-heading">{t('groups.heading')}</h2>
      <ScrollTable
        labelledBy="groups-heading"
        columns={[
          t('groups.name'),
          t('groups.phase'),
          t('groups.time'),
          t('groups.count'),
          ...columns.map((c) => t(c.header)),
        ]}
        testId="groups-table"
      >
        {openGroups(state).map((group) => {
          const current = currentPhase(state, group.id);
          const remaining = current ? formatRemaining(current.plannedEndAt - now) : null;
          return (
            <tr key={group.id} data-group={group.id} class={group.id === props.highlight ? 'self' : ''}>
              <th scope="row">{groupName(group)}</th>
              <td>{current ? phaseName(current.phase) : t('groups.none')}</td>
              <td class={remaining?.overrun ? 'overrun' : ''}>{remaining?.text ?? t('groups.none')}</td>
              <td>{membersOf(state, group.id).length}</td>
              {columns.map((c) => (
                <td key={c.header}>{c.cell(group, state, now)}</td>
              ))}
            </tr>
          );
        })}
      </ScrollTable>
    </section>
  );
}
