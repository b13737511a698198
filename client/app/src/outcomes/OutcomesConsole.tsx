import '../messagesOutcomes.js';
import './outcomes.css';
import type { SessionState } from '../../../../shared/session/types.js';
import type { SessionController } from '../session.js';
import { AttributesPanel } from './AttributesPanel.js';
import { DrawPanel } from './DrawPanel.js';
import { HarvestPanel } from './HarvestPanel.js';
import { ReportLinks } from './ReportLinks.js';
import { VoteAdmin } from './VoteAdmin.js';

export type OutcomesConsoleProps = { controller: SessionController; state: SessionState };

/** The facilitator's outcome tools: draw by lot, harvest, votes, report and log (a chunk of its own). */
export function OutcomesConsole(props: OutcomesConsoleProps) {
  return (
    <div class="outcomes" data-testid="outcomes-console">
      <AttributesPanel {...props} />
      <div class="grid two">
        <DrawPanel {...props} />
        <HarvestPanel {...props} />
      </div>
      <VoteAdmin {...props} />
      <ReportLinks {...props} />
    </div>
  );
}
