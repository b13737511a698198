import { useState } from 'preact/hooks';
import { membersOf, openGroups } from '../../../../sdk/selectors.js';
import type { Group, SessionState } from '../../../../../shared/session/types.js';
import { PLENARY_ID } from '../../../../../shared/session/types.js';
import { useCommand } from '../../components/useCommand.js';
import { groupName } from '../../format.js';
import { t } from '../../i18n.js';
import type { SessionController } from '../../session.js';
import { ErrorLine } from '../../components/ErrorLine.js';

function GroupRow(props: { controller: SessionController; group: Group; count: number }) {
  const { group } = props;
  const command = useCommand(props.controller);
  const [name, setName] = useState(group.name);
  const label = groupName(group);
  return (
    <li>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void command.run({ type: 'group.rename', groupId: group.id, name });
        }}
      >
        <label class="field grow">
          <span>{t('groupAdmin.rename', { name: label })}</span>
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={60} required />
        </label>
        <button type="submit" disabled={command.busy || name.trim() === group.name}>
          {t('groupAdmin.renameSubmit')}
        </button>
        {group.id !== PLENARY_ID && (
          <button
            type="button"
            class="danger"
            disabled={command.busy}
            onClick={() => {
              if (confirm(t('groupAdmin.closeConfirm', { name: label })))
                void command.run({ type: 'group.close', groupId: group.id });
            }}
          >
            {t('groupAdmin.close', { name: label })}
          </button>
        )}
        <span class="muted">{t('group.members', { count: props.count })}</span>
      </form>
      <ErrorLine message={command.error} />
    </li>
  );
}

/** Create, rename and close groups. */
export function GroupAdmin(props: { controller: SessionController; state: SessionState }) {
  const command = useCommand(props.controller);
  const [name, setName] = useState('');
  return (
    <section class="card" aria-labelledby="group-admin-heading">
      <h2 id="group-admin-heading">{t('groupAdmin.heading')}</h2>
      <form
        class="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await command.run({ type: 'group.create', name })) setName('');
        }}
      >
        <label class="field grow">
          <span>{t('groupAdmin.create')}</span>
          <input
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            maxLength={60}
            required
            data-testid="group-create-name"
          />
        </label>
        <button type="submit" class="primary" disabled={command.busy}>
          {t('groupAdmin.createSubmit')}
        </button>
      </form>
      <ErrorLine message={command.error} />
      <ul class="plain">
        {openGroups(props.state).map((g) => (
          <GroupRow
            key={g.id}
            controller={props.controller}
            group={g}
            count={membersOf(props.state, g.id).length}
          />
        ))}
      </ul>
    </section>
  );
}
