import { createHash } from 'node:crypto';
import { recommendationsFromUpdate } from '../../../shared/recommendations.js';
import { closedStretches } from '../../../shared/session/documents/versions.js';
import type { ClosedStretch } from '../../../shared/session/documents/versions.js';
import { OUTCOME_LIMITS } from '../../../shared/session/outcomes/schemas.js';
import type { DraftRecommendation } from '../../../shared/session/outcomes/types.js';
import { idSchema } from '../../../shared/session/schemas.js';
import type { SessionState } from '../../../shared/session/types.js';
import type { Logger } from '../../log.js';
import type { VersionStore } from '../../ports/versionStore.js';
import type { DocumentService } from '../documents/documentService.js';
import { randomId } from '../ids.js';
import { KeyedQueue } from '../keyedQueue.js';
import type { SessionService } from '../sessionService.js';
import type { Reaction } from './reaction.js';

/**
 * Reads a document's bytes as the text of its recommendations, for the log (`draft.recorded`): withdrawn
 * ones are left out. Documents are edited by clients, so everything is bounded and checked: ids that are
 * not valid ids get a positional one, authors must be members of the session.
 */
export function draftText(state: SessionState, bytes: Uint8Array): DraftRecommendation[] {
  const read = recommendationsFromUpdate(bytes).filter((r) => r.status !== 'withdrawn');
  const used = new Set<string>();
  return read.slice(0, OUTCOME_LIMITS.recommendationsMax).map((r, i) => {
    let id = idSchema.safeParse(r.id).success ? r.id : `r${i + 1}`;
    if (used.has(id)) id = `r${i + 1}-${used.size}`;
    used.add(id);
    return {
      id,
      title: r.title.trim().slice(0, OUTCOME_LIMITS.recommendationTitleMax) || '(untitled)',
      body: r.body.slice(0, OUTCOME_LIMITS.recommendationBodyMax),
      authors: state.members[r.createdBy] ? [r.createdBy] : [],
    };
  });
}

/**
 * When a group leaves an editing stretch (shared/session/documents/versions.ts), records its document: the
 * bytes go to the version store under a fresh id, then one command, `document.record`, logs the version's
 * id, sha256 and size together with its text. Every process serving the session does it; `decide` accepts
 * the first record of a closing and refuses the others with `conflict`, whose bytes are then discarded, so
 * the store holds the bytes of exactly the versions the log names.
 */
export class VersionRecording implements Reaction {
  readonly name = 'version recording';
  private readonly queue = new KeyedQueue();
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly sessions: SessionService,
    private readonly documents: DocumentService,
    private readonly versions: VersionStore,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.stopListening = this.sessions.onEvents((sessionId, events, state) => {
      for (const stretch of closedStretches(state, events)) {
        void this.queue
          .run(`${sessionId}/${stretch.groupId}`, () => this.record(sessionId, stretch))
          .catch((err: unknown) =>
            this.log.error('could not record a version', { err, sessionId, groupId: stretch.groupId }),
          );
      }
    });
  }

  stop(): void {
    this.stopListening?.();
    this.stopListening = null;
  }

  private async record(sessionId: string, stretch: ClosedStretch): Promise<void> {
    const { groupId } = stretch;
    const bytes = await this.documents.snapshot(sessionId, groupId);
    const state = await this.sessions.get(sessionId);
    if (!state) return;
    const versionId = randomId('v');
    await this.versions.put(sessionId, groupId, versionId, bytes);
    const result = await this.sessions.execute(
      sessionId,
      {
        type: 'document.record',
        groupId,
        trigger: stretch.trigger,
        phaseId: stretch.phaseId,
        versionId,
        hash: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
        recommendations: draftText(state, bytes),
      },
      { kind: 'system' },
    );
    if (result.ok) return;
    await this.versions.discard(sessionId, groupId, versionId);
    // Another process recorded this closing first: nothing to say.
    if (result.error.code !== 'conflict') {
      this.log.warn('version not recorded', { sessionId, groupId, error: result.error });
    }
  }
}
