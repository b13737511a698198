import type { PalabreError } from '../../shared/errors.js';
import type { Logger } from '../log.js';
import type { BallotBox } from '../ports/ballotBox.js';
import type { DocumentStore } from '../ports/documentStore.js';
import type { EventStore } from '../ports/eventStore.js';
import type { PersonalDataStore } from '../ports/personalDataStore.js';
import type { SessionCatalog } from '../ports/sessionCatalog.js';
import type { PresenceStore } from '../ports/presence.js';
import type { SnapshotStore } from '../ports/snapshotStore.js';
import type { VersionStore } from '../ports/versionStore.js';
import type { SessionService } from './sessionService.js';

export interface PrivacyDeps {
  sessions: SessionService;
  events: EventStore;
  snapshots: SnapshotStore | undefined;
  documents: DocumentStore;
  versions: VersionStore;
  ballots: BallotBox;
  personal: PersonalDataStore;
  /** The session's summary goes too (the file adapter rewrites its file without it). */
  catalog: SessionCatalog;
  /** Who was here: holds and awareness states (names, cursors) of the session's documents. */
  presence: PresenceStore;
  log: Logger;
}

type Outcome = { ok: true } | { ok: false; error: PalabreError };

/**
 * What a data-protection officer asks of the server: delete a session and everything it stored, or erase
 * one person's personal data from a session while its log still verifies. Used by the admin API and the
 * retention reaction; docs/privacy.md says what is stored where.
 */
export class PrivacyService {
  constructor(private readonly deps: PrivacyDeps) {}

  /**
   * Deletes a session everywhere: the log first (no token opens it any more; every process forgets it,
   * closing its sockets and document connections), then what hangs off it — snapshots, documents, recorded
   * versions, ballots, personal data. Deleting a deleted session again finishes what was left.
   */
  async deleteSession(sessionId: string): Promise<Outcome> {
    const { deps } = this;
    const known = (await deps.catalog.get(sessionId)) ?? (await deps.sessions.list()).includes(sessionId);
    if (!known) return { ok: false, error: { code: 'not_found', message: `no session ${sessionId}` } };
    await deps.events.delete(sessionId);
    await Promise.all([
      deps.snapshots?.delete(sessionId),
      deps.documents.deleteSession(sessionId),
      deps.versions.deleteSession(sessionId),
      deps.ballots.deleteSession(sessionId),
      deps.personal.deleteSession(sessionId),
      deps.catalog.remove(sessionId),
      deps.presence.deleteSession(sessionId),
    ]);
    deps.log.info('session deleted', { sessionId });
    return { ok: true };
  }

  /**
   * Erases a member's personal data (name, join and imported attributes, draw profiles): their records
   * leave the personal data store, the session's snapshot (a cache holding names) is dropped, and
   * `member.erased` tells every process and client to show "erased member". The log's hashes never covered
   * those values, so it still verifies.
   */
  async eraseMember(sessionId: string, memberId: string): Promise<Outcome> {
    const { deps } = this;
    const state = await deps.sessions.get(sessionId);
    if (!state) return { ok: false, error: { code: 'not_found', message: `no session ${sessionId}` } };
    if (!state.members[memberId]) {
      return { ok: false, error: { code: 'not_found', message: `no member ${memberId}` } };
    }
    await deps.personal.eraseMember(sessionId, memberId);
    const result = await deps.sessions.execute(
      sessionId,
      { type: 'member.erase', memberId },
      { kind: 'admin' },
    );
    if (!result.ok) return result;
    await deps.snapshots?.delete(sessionId);
    deps.log.info('member erased', { sessionId, memberId });
    return { ok: true };
  }
}
