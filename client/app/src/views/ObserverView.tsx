import type { SessionState } from '../../../../shared/session/types.js';
import { projectorGroup } from '../../../../shared/session/phases/projector.js';
import { currentPhase } from '../../../sdk/selectors.js';
import { Agenda, PhaseClock } from '../components/Agenda.js';
import { Announcements } from '../components/Announcements.js';
import { GroupsTable } from '../components/GroupsTable.js';
import { RecommendationsEditor } from '../editor/RecommendationsEditor.js';
import { presenceColumn, queueColumn, speakerColumn } from '../floor/floorColumns.js';
import { SpeakingQueue } from '../floor/SpeakingQueue.js';
import { groupName } from '../format.js';
import { Votes } from '../outcomes/Votes.js';
import { HarvestBoard } from '../projector/HarvestBoard.js';
import { ChatPanel } from '../chat/ChatPanel.js';
import { PLENARY_ID } from '../../../../shared/session/types.js';
import { t } from '../i18n.js';
import { useServerNow } from '../session.js';
import type { SessionController } from '../session.js';
import { VoicePanel } from '../voice/VoicePanel.js';

/** The all-groups table's columns here: the console's, without the equity figure. */
const COLUMNS = [speakerColumn, queueColumn, presenceColumn];

/**
 * The projector: the room's screen and every observer's page. It follows the group the facilitators put on
 * screen (`projector.follow`; the plenary by default), never a member's own group, and fits a 1920×1080
 * screen without scrolling (each panel scrolls inside itself if it must): the phase and its time in very
 * large type, who speaks with the countdown, the queue, the group's votes and document, and every open
 * group at a glance with who is connected in it (as on the facilitator's console); during the
 * presentation to elected officials, the recommendations brought back with their vote results instead, the
 * whole height of the stage theirs (the clock moves to the top of the side column, the table of groups, all
 * closed by then, goes). The voice panel keeps its place, so its audio is not cut when the phase changes.
 * No control at all.
 */
export function ObserverView(props: { controller: SessionController; state: SessionState; selfId: string }) {
  const { controller, state, selfId } = props;
  const now = useServerNow(controller);
  const groupId = projectorGroup(state);
  const kind = currentPhase(state, groupId)?.phase.kind;
  const presenting = kind === 'presentation';
  const clock = (
    <section class="card projector-clock" aria-label={groupName(state.groups[groupId])}>
      <PhaseClock state={state} groupId={groupId} now={now} large />
    </section>
  );
  return (
    <main id="main" class="observer projector" tabIndex={-1} data-testid="projector" data-group={groupId}>
      <h1>
        {t('observer.heading')} · <span data-testid="group-name">{groupName(state.groups[groupId])}</span>
      </h1>
      <div class="projector-grid">
        {/* Each column scrolls inside itself if it must (never the page): focusable, so a keyboard can. */}
        <div class="projector-stage" tabIndex={0} role="region" aria-label={t('projector.stage')}>
          {/* A hole rather than nothing when it moves: the panels after it keep their places (and state). */}
          {presenting ? null : clock}
          <VoicePanel controller={controller} state={state} selfId={selfId} />
          {presenting ? (
            <HarvestBoard state={state} />
          ) : (
            <>
              <Votes controller={controller} state={state} groupId={groupId} selfId={selfId} large />
              <SpeakingQueue
                controller={controller}
                state={state}
                groupId={groupId}
                selfId={selfId}
                now={now}
                large
              />
              <RecommendationsEditor
                controller={controller}
                state={state}
                groupId={groupId}
                selfId={selfId}
              />
            </>
          )}
        </div>
        <div class="projector-side" tabIndex={0} role="region" aria-label={t('projector.side')}>
          {presenting ? clock : null}
          <Announcements state={state} limit={2} />
          <ChatPanel
            controller={controller}
            state={state}
            selfId={selfId}
            groupId={PLENARY_ID}
            mode="observer"
            limit={6}
          />
          <Agenda state={state} groupId={groupId} />
          {presenting ? null : <GroupsTable state={state} now={now} highlight={groupId} columns={COLUMNS} />}
        </div>
      </div>
    </main>
  );
}
