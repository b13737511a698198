import type { SessionState } from '../../../../shared/session/types.js';
import { Agenda, PhaseClock } from '../components/Agenda.js';
import { Announcements } from '../components/Announcements.js';
import { GroupsTable } from '../components/GroupsTable.js';
import { RecommendationsEditor } from '../editor/RecommendationsEditor.js';
import { queueColumn, speakerColumn } from '../floor/floorColumns.js';
import { SpeakingQueue } from '../floor/SpeakingQueue.js';
import { groupName } from '../format.js';
import { Votes } from '../outcomes/Votes.js';
import { t } from '../i18n.js';
import { useServerNow } from '../session.js';
import type { SessionController } from '../session.js';
import { VoicePanel } from '../voice/VoicePanel.js';

/** The projector view: the observer's group large, every group at a glance, no controls. */
export function ObserverView(props: { controller: SessionController; state: SessionState; selfId: string }) {
  const { controller, state, selfId } = props;
  const now = useServerNow(controller);
  const groupId = state.members[selfId]?.groupId ?? 'plenary';
  return (
    <main id="main" class="observer projector" tabIndex={-1}>
      <h1>
        {t('observer.heading')} · <span data-testid="group-name">{groupName(state.groups[groupId])}</span>
      </h1>
      <div class="grid main-side">
        <div class="stack">
          <section class="card" aria-label={groupName(state.groups[groupId])}>
            <PhaseClock state={state} groupId={groupId} now={now} large />
          </section>
          <VoicePanel controller={controller} state={state} selfId={selfId} />
          <Votes controller={controller} state={state} groupId={groupId} selfId={selfId} large />
          <SpeakingQueue
            controller={controller}
            state={state}
            groupId={groupId}
            selfId={selfId}
            now={now}
            large
          />
        </div>
        <div class="stack">
          <Announcements state={state} limit={2} />
          <Agenda state={state} groupId={groupId} />
        </div>
      </div>
      <RecommendationsEditor controller={controller} state={state} groupId={groupId} selfId={selfId} />
      <GroupsTable state={state} now={now} highlight={groupId} columns={[speakerColumn, queueColumn]} />
    </main>
  );
}
