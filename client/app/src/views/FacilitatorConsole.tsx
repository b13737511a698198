import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { SessionState } from '../../../../shared/session/types.js';
import { Announcements } from '../components/Announcements.js';
import { GroupsTable } from '../components/GroupsTable.js';
import { equityColumn, presenceColumn, queueColumn, speakerColumn } from '../floor/floorColumns.js';
import { t } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { Outcomes } from '../outcomes/Outcomes.js';
import { ChatPanel } from '../chat/ChatPanel.js';
import { useServerNow } from '../session.js';
import type { SessionController } from '../session.js';
import { VoicePanel } from '../voice/VoicePanel.js';
import { AlertsPanel } from './console/Alerts.js';
import { GroupAdmin } from './console/GroupAdmin.js';
import { FocusDocument, GroupFocus, followedGroup } from './console/GroupFocus.js';
import { MemberMoves } from './console/MemberMoves.js';
import { PhaseControls } from './console/PhaseControls.js';
import { SessionControls } from './console/SessionControls.js';

const COLUMNS = [speakerColumn, queueColumn, presenceColumn, equityColumn];

/** The cockpit's regions beside the live column, in the order of the section links. */
const REGIONS = ['overview', 'chat', 'document', 'members', 'outcomes', 'session'] as const;
type Region = (typeof REGIONS)[number];

/** A named region of the cockpit: a landmark with its heading, focusable from the section links. */
function Region(props: { id: Region; children: ComponentChildren }) {
  const key = `console.region.${props.id}` as MessageKey;
  return (
    <section
      id={`region-${props.id}`}
      class="region"
      aria-labelledby={`region-${props.id}-heading`}
      tabIndex={-1}
      data-testid={`region-${props.id}`}
    >
      <h2 id={`region-${props.id}-heading`} class="region-heading">
        {t(key)}
      </h2>
      {props.children}
    </section>
  );
}

/**
 * The facilitator's cockpit. At 1440×900 and up, two columns that each scroll on their own, the page itself
 * never: on the left the live work (alerts, phase controls, the group followed with its clock, floor controls
 * and queue), always on screen; on the right the rest in named regions (all groups, the followed group's
 * document, groups and members, outcomes, session), reached from the section links or by landmarks. On
 * narrower screens the columns stack.
 */
export function FacilitatorConsole(props: {
  controller: SessionController;
  state: SessionState;
  selfId: string;
}) {
  const { controller, state, selfId } = props;
  const now = useServerNow(controller);
  const [chosen, setChosen] = useState<string | null>(null);
  const groupId = followedGroup(state, selfId, chosen);
  return (
    <main id="main" class="console cockpit" tabIndex={-1}>
      <h1 class="sr-only">{t('console.heading')}</h1>
      <section class="live-column" aria-labelledby="live-heading" data-testid="live-column">
        <h2 id="live-heading" class="sr-only">
          {t('console.live')}
        </h2>
        <AlertsPanel controller={controller} state={state} now={now} />
        <PhaseControls controller={controller} state={state} />
        <GroupFocus
          controller={controller}
          state={state}
          selfId={selfId}
          now={now}
          groupId={groupId}
          onFollow={setChosen}
        />
      </section>
      <div class="regions-column" data-testid="regions-column">
        <nav class="region-links" aria-label={t('console.regions')}>
          <ul>
            {REGIONS.map((id) => (
              <li key={id}>
                <a
                  href={`#region-${id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    const target = document.getElementById(`region-${id}`);
                    target?.scrollIntoView({ block: 'start' });
                    target?.focus({ preventScroll: true });
                  }}
                >
                  {t(`console.region.${id}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <Region id="overview">
          <GroupsTable state={state} now={now} highlight={groupId} columns={COLUMNS} />
          <VoicePanel controller={controller} state={state} selfId={selfId} />
        </Region>
        <Region id="chat">
          <ChatPanel
            controller={controller}
            state={state}
            selfId={selfId}
            groupId={groupId}
            mode="facilitator"
          />
        </Region>
        <Region id="document">
          <FocusDocument controller={controller} state={state} selfId={selfId} now={now} groupId={groupId} />
        </Region>
        <Region id="members">
          <MemberMoves controller={controller} state={state} selfId={selfId} />
          <GroupAdmin controller={controller} state={state} />
        </Region>
        <Region id="outcomes">
          <Outcomes controller={controller} state={state} />
        </Region>
        <Region id="session">
          <SessionControls controller={controller} state={state} />
          <Announcements state={state} />
        </Region>
      </div>
    </main>
  );
}
