import type { DraftRecommendation } from '../../shared/session/outcomes/types.js';
import type { ExecuteResult, SessionService } from './sessionService.js';

/**
 * The seam between documents and outcomes: a group's document version, read as text, is recorded in the log
 * (`draft.recorded`) by the server itself; the harvest and the report read it from there. The documents
 * service calls `record` whenever it records a version (a group leaving drafting).
 */
export class DraftRecorder {
  constructor(private readonly sessions: SessionService) {}

  record(
    sessionId: string,
    draft: { groupId: string; versionId: string; recommendations: DraftRecommendation[] },
  ): Promise<ExecuteResult> {
    return this.sessions.execute(sessionId, { type: 'draft.record', ...draft }, { kind: 'system' });
  }
}
