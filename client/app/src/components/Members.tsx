import { membersOf } from '../../../sdk/selectors.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { roleName } from '../format.js';
import { t } from '../i18n.js';

export function Members(props: { state: SessionState; groupId: string; selfId?: string | undefined }) {
  const members = membersOf(props.state, props.groupId);
  return (
    <section class="card members" aria-labelledby="members-heading">
      <h2 id="members-heading">{t('group.members', { count: members.length })}</h2>
      <ul>
        {members.map((m) => (
          <li key={m.id} class={m.id === props.selfId ? 'self' : ''}>
            <span class="member-name">{m.name}</span> <span class="muted">({roleName(m.role)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
