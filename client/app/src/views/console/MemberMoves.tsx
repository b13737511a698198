import { useState } from 'preact/hooks';
import { GroupOptions } from '../../components/GroupOptions.js';
import type { Member, SessionState } from '../../../../../shared/session/types.js';
import { useCommand } from '../../components/useCommand.js';
import { roleName } from '../../format.js';
import { t } from '../../i18n.js';
import type { SessionController } from '../../session.js';

function MemberRow(props: { controller: SessionController; state: SessionState; member: Member }) {
  const { member, state } = props;
  const command = useCommand(props.controller);
  const [target, setTarget] = useState(member.groupId);
  const selectId = `move-${member.id}`;
  return (
    <tr data-member={member.id}>
      <th scope="row">{member.name}</th>
      <td>{roleName(member.role)}</td>
      <td>
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void command.run({ type: 'member.move', memberId: member.id, groupId: target });
          }}
        >
          <label for={selectId} class="sr-only">
            {t('members.move', { name: member.name })}
          </label>
          <select id={selectId} value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
            <GroupOptions state={state} />
          </select>
          <button type="submit" disabled={command.busy || target === member.groupId}>
            {t('members.moveSubmit')}
          </button>
        </form>
        <span role="alert" class="error">
          {command.error}
        </span>
      </td>
    </tr>
  );
}

/** Every present member with their group, and a move control per member. */
export function MemberMoves(props: { controller: SessionController; state: SessionState }) {
  const members = Object.values(props.state.members)
    .filter((m) => !m.removed)
    .sort((a, b) => a.joinedAt - b.joinedAt);
  return (
    <section class="card" aria-labelledby="member-moves-heading">
      <h2 id="member-moves-heading">{t('members.heading')}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('members.heading')}</th>
              <th scope="col">{t('members.role')}</th>
              <th scope="col">{t('members.group')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <MemberRow key={m.id} controller={props.controller} state={props.state} member={m} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
