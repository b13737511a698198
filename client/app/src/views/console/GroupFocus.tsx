import { useState } from 'preact/hooks';
import { GroupOptions } from '../../components/GroupOptions.js';
import type { SessionState } from '../../../../../shared/session/types.js';
import { PhaseClock } from '../../components/Agenda.js';
import { DraftingControls } from '../../editor/DraftingControls.js';
import { RecommendationsEditor } from '../../editor/RecommendationsEditor.js';
import { QueueControls } from '../../floor/QueueControls.js';
import { SpeakingQueue } from '../../floor/SpeakingQueue.js';
import { groupName } from '../../format.js';
import { t } from '../../i18n.js';
import type { SessionController } from '../../session.js';

/** One group in detail for the facilitator: its clock, floor, floor controls, equity and document. */
export function GroupFocus(props: {
  controller: SessionController;
  state: SessionState;
  selfId: string;
  now: number;
}) {
  const { controller, state, selfId, now } = props;
  const [chosen, setChosen] = useState<string | null>(null);
  const fallback = state.members[selfId]?.groupId ?? 'plenary';
  const groupId = chosen && state.groups[chosen]?.status === 'open' ? chosen : fallback;
  return (
    <section class="focus" aria-labelledby="focus-heading">
      <div class="focus-head">
        <h2 id="focus-heading">{groupName(state.groups[groupId])}</h2>
        <label class="field">
          <span>{t('controls.group')}</span>
          <select
            value={groupId}
            onChange={(e) => setChosen(e.currentTarget.value)}
            data-testid="focus-group"
          >
            <GroupOptions state={state} />
          </select>
        </label>
      </div>
      <div class="grid two">
        <div class="stack">
          <section class="card" aria-label={groupName(state.groups[groupId])}>
            <PhaseClock state={state} groupId={groupId} now={now} />
          </section>
          <SpeakingQueue controller={controller} state={state} groupId={groupId} selfId={selfId} now={now} />
        </div>
        <QueueControls controller={controller} state={state} groupId={groupId} now={now} />
      </div>
      <div class="grid main-side">
        <RecommendationsEditor controller={controller} state={state} groupId={groupId} selfId={selfId} />
        <DraftingControls controller={controller} state={state} groupId={groupId} />
      </div>
    </section>
  );
}
