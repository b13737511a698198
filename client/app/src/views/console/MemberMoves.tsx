import { useState } from 'preact/hooks';
import { GroupOptions } from '../../components/GroupOptions.js';
import type { Member, SessionState } from '../../../../../shared/session/types.js';
import { useCommand } from '../../components/useCommand.js';
import { roleName } from '../../format.js';
import { t } from '../../i18n.js';
import type { SessionController } from '../../session.js';

function MemberRow(props: {
  controller: SessionController;
  state: SessionState;
  member: Member;
  selfId: string;
}) {
  const { member, state } = props;
  const self = member.id === props.selfId;
  const command = useCommand(props.controller);
  const [target, setTarget] = useState(member.groupId);
  const selectId = `move-${member.id}`;
  return (
    <tr data-member={member.id} data-connected={String(member.connected)}>
      <th scope="row">{member.name}</th>
      <td>{roleName(member.role)}</td>
      <td>
        <span class={`presence ${member.connected ? 'on' : 'off'}`}>
          <span class="dot" aria-hidden="true" />
          {t(member.connected ? 'members.connected' : 'members.offline')}
        </span>
      </td>
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
      <td>
        {!self && (
          <button
            type="button"
            class="danger small"
            disabled={command.busy}
            aria-label={t('members.removeLabel', { name: member.name })}
            data-testid="member-remove"
            onClick={() => {
              if (confirm(t('members.removeConfirm', { name: member.name })))
                void command.run({ type: 'member.remove', memberId: member.id });
            }}
          >
            {t('members.remove')}
          </button>
        )}
      </td>
    </tr>
  );
}

/** Every member not removed: role, whether connected now, group with a move control, and removal. */
export function MemberMoves(props: { controller: SessionController; state: SessionState; selfId: string }) {
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
              <th scope="col">{t('members.presence')}</th>
              <th scope="col">{t('members.group')}</th>
              <th scope="col">{t('members.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <MemberRow
                key={m.id}
                controller={props.controller}
                state={props.state}
                member={m}
                selfId={props.selfId}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
