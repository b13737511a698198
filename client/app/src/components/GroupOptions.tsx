import { openGroups } from '../../../sdk/selectors.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { groupName } from '../format.js';

/** The `<option>`s of every open group, in creation order (plenary first), for the console's selects. */
export function GroupOptions(props: { state: SessionState }) {
  return (
    <>
      {openGroups(props.state).map((g) => (
        <option key={g.id} value={g.id}>
          {groupName(g)}
        </option>
      ))}
    </>
  );
}
