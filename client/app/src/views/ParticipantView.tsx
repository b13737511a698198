import type { SessionState } from '../../../../shared/session/types.js';
import { Agenda, PhaseClock } from '../components/Agenda.js';
import { Announcements } from '../components/Announcements.js';
import { Members } from '../components/Members.js';
import { ChatPanel } from '../chat/ChatPanel.js';
import { RecommendationsEditor } from '../editor/RecommendationsEditor.js';
import { SpeakingQueue } from '../floor/SpeakingQueue.js';
import { groupName } from '../format.js';
import { Votes } from '../outcomes/Votes.js';
import { useServerNow } from '../session.js';
import type { SessionController } from '../session.js';
import { VoicePanel } from '../voice/VoicePanel.js';

export function ParticipantView(props: {
  controller: SessionController;
  state: SessionState;
  selfId: string;
}) {
  const { controller, state, selfId } = props;
  const now = useServerNow(controller);
  const groupId = state.members[selfId]?.groupId ?? 'plenary';
  return (
    <main id="main" class="participant" tabIndex={-1}>
      <h1 data-testid="group-name">{groupName(state.groups[groupId])}</h1>
      <div class="grid main-side">
        <div class="stack">
          <section class="card" aria-label={groupName(state.groups[groupId])}>
            <PhaseClock state={state} groupId={groupId} now={now} />
          </section>
          <VoicePanel controller={controller} state={state} selfId={selfId} />
          <Votes controller={controller} state={state} groupId={groupId} selfId={selfId} />
          <SpeakingQueue controller={controller} state={state} groupId={groupId} selfId={selfId} now={now} />
          <RecommendationsEditor controller={controller} state={state} groupId={groupId} selfId={selfId} />
        </div>
        <div class="stack">
          <Agenda state={state} groupId={groupId} />
          <Announcements state={state} limit={3} />
          <ChatPanel
            controller={controller}
            state={state}
            selfId={selfId}
            groupId={groupId}
            mode="participant"
          />
          <Members state={state} groupId={groupId} selfId={selfId} />
        </div>
      </div>
    </main>
  );
}
