import type { SessionState } from '../../../../shared/session/types.js';
import { Announcements } from '../components/Announcements.js';
import { GroupsTable } from '../components/GroupsTable.js';
import { equityColumn, queueColumn, speakerColumn } from '../floor/floorColumns.js';
import { t } from '../i18n.js';
import { Outcomes } from '../outcomes/Outcomes.js';
import { useServerNow } from '../session.js';
import type { SessionController } from '../session.js';
import { VoicePanel } from '../voice/VoicePanel.js';
import { GroupAdmin } from './console/GroupAdmin.js';
import { GroupFocus } from './console/GroupFocus.js';
import { MemberMoves } from './console/MemberMoves.js';
import { PhaseControls } from './console/PhaseControls.js';
import { SessionControls } from './console/SessionControls.js';

const COLUMNS = [speakerColumn, queueColumn, equityColumn];

export function FacilitatorConsole(props: {
  controller: SessionController;
  state: SessionState;
  selfId: string;
}) {
  const { controller, state, selfId } = props;
  const now = useServerNow(controller);
  return (
    <main id="main" class="console" tabIndex={-1}>
      <h1>{t('console.heading')}</h1>
      <GroupsTable state={state} now={now} highlight={state.members[selfId]?.groupId} columns={COLUMNS} />
      <div class="grid two">
        <PhaseControls controller={controller} state={state} />
        <SessionControls controller={controller} state={state} />
      </div>
      <VoicePanel controller={controller} state={state} selfId={selfId} />
      <GroupFocus controller={controller} state={state} selfId={selfId} now={now} />
      <Outcomes controller={controller} state={state} />
      <div class="grid two">
        <GroupAdmin controller={controller} state={state} />
        <MemberMoves controller={controller} state={state} />
      </div>
      <Announcements state={state} />
    </main>
  );
}
