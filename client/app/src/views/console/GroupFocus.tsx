import { GroupOptions } from '../../components/GroupOptions.js';
import { ErrorLine } from '../../components/ErrorLine.js';
import { useCommand } from '../../components/useCommand.js';
import { projectorGroup } from '../../../../../shared/session/phases/projector.js';
import type { SessionState } from '../../../../../shared/session/types.js';
import { PLENARY_ID } from '../../../../../shared/session/types.js';
import { PhaseClock } from '../../components/Agenda.js';
import { DraftingControls } from '../../editor/DraftingControls.js';
import { RecommendationsEditor } from '../../editor/RecommendationsEditor.js';
import { Equity } from '../../floor/Equity.js';
import { QueueControls } from '../../floor/QueueControls.js';
import { SpeakerClock } from '../../floor/SpeakerClock.js';
import { groupName } from '../../format.js';
import { t } from '../../i18n.js';
import type { SessionController } from '../../session.js';

/** The group a facilitator follows: the one chosen while it is open, else their own group, else the plenary. */
export function followedGroup(state: SessionState, selfId: string, chosen: string | null): string {
  if (chosen && state.groups[chosen]?.status === 'open') return chosen;
  const own = state.members[selfId]?.groupId;
  return own && state.groups[own]?.status === 'open' ? own : PLENARY_ID;
}

/**
 * The live part of the group followed, always on screen in the cockpit: which group, its phase clock, who
 * speaks with their countdown, the floor controls and the queue in order.
 */
export function GroupFocus(props: {
  controller: SessionController;
  state: SessionState;
  selfId: string;
  now: number;
  groupId: string;
  onFollow: (groupId: string) => void;
}) {
  const { controller, state, selfId, now, groupId } = props;
  const command = useCommand(controller);
  const onScreen = projectorGroup(state);
  return (
    <section class="focus" aria-labelledby="focus-heading" data-testid="focus">
      <div class="focus-head">
        <h2 id="focus-heading">{groupName(state.groups[groupId])}</h2>
        <label class="field">
          <span>{t('controls.group')}</span>
          <select
            value={groupId}
            onChange={(e) => props.onFollow(e.currentTarget.value)}
            data-testid="focus-group"
          >
            <GroupOptions state={state} />
          </select>
        </label>
      </div>
      <div class="projector-line">
        <span class="muted" data-testid="projector-following">
          {t('projector.following', { group: groupName(state.groups[onScreen]) })}
        </span>
        <button
          type="button"
          class="small"
          disabled={command.busy || onScreen === groupId}
          onClick={() => void command.run({ type: 'projector.follow', groupId })}
          data-testid="projector-follow"
        >
          {onScreen === groupId ? t('projector.followed') : t('projector.follow')}
        </button>
        <ErrorLine message={command.error} />
      </div>
      <div class="card compact focus-clocks">
        <PhaseClock state={state} groupId={groupId} now={now} />
        <SpeakerClock state={state} groupId={groupId} now={now} selfId={selfId} />
      </div>
      <QueueControls controller={controller} state={state} groupId={groupId} now={now} equity={false} />
    </section>
  );
}

/** The followed group's document and equity figures, in a region of the cockpit. */
export function FocusDocument(props: {
  controller: SessionController;
  state: SessionState;
  selfId: string;
  now: number;
  groupId: string;
}) {
  const { controller, state, selfId, now, groupId } = props;
  return (
    <>
      <section class="card">
        <Equity state={state} groupId={groupId} now={now} />
      </section>
      <div class="grid main-side">
        <RecommendationsEditor controller={controller} state={state} groupId={groupId} selfId={selfId} />
        <DraftingControls controller={controller} state={state} groupId={groupId} />
      </div>
    </>
  );
}
