import { createHash } from 'node:crypto';
import { recommendationsFromUpdate } from '../../../shared/recommendations.js';
import type { Recommendation } from '../../../shared/recommendations.js';
import { documentOf } from '../../../shared/session/documents/access.js';
import type { DocumentVersion } from '../../../shared/session/documents/types.js';
import type { VersionStore } from '../../ports/versionStore.js';
import type { SessionService } from '../sessionService.js';

/** One recorded version, as the versions API serves it. */
export interface VersionRead extends Omit<DocumentVersion, 'recommendations'> {
  groupId: string;
  /** Every recommendation of the document at that moment (withdrawn ones included, with their status). */
  recommendations: Recommendation[];
  /** The whole document at that moment, a Yjs update in base64. */
  update: string;
}

export type VersionLookup =
  | { ok: true; version: VersionRead }
  | { ok: false; error: { code: 'not_found' | 'internal'; message: string } };

/**
 * Reads recorded versions of a group's document: the metadata from the session state, the bytes from the
 * version store, checked against the sha256 the log recorded. Logs written before versions left the log
 * carry the bytes in their `document.versioned` event; those are read from there.
 */
export class VersionReader {
  constructor(
    private readonly sessions: SessionService,
    private readonly versions: VersionStore,
  ) {}

  /** The versions recorded for a group, oldest first (metadata only). */
  async list(sessionId: string, groupId: string): Promise<DocumentVersion[]> {
    const state = await this.sessions.get(sessionId);
    return state ? documentOf(state, groupId).versions : [];
  }

  async read(sessionId: string, groupId: string, versionId: string): Promise<VersionLookup> {
    const state = await this.sessions.get(sessionId);
    const meta = state
      ? documentOf(state, groupId).versions.find((v) => v.versionId === versionId)
      : undefined;
    if (!meta) return { ok: false, error: { code: 'not_found', message: 'no such version' } };
    const bytes = meta.hash
      ? await this.versions.get(sessionId, groupId, versionId)
      : await this.fromLog(sessionId, groupId, versionId);
    if (!bytes)
      return { ok: false, error: { code: 'not_found', message: 'the bytes of this version are gone' } };
    if (meta.hash && createHash('sha256').update(bytes).digest('hex') !== meta.hash) {
      return {
        ok: false,
        error: { code: 'internal', message: 'this version does not match its recorded hash' },
      };
    }
    return {
      ok: true,
      version: {
        ...meta,
        groupId,
        recommendations: recommendationsFromUpdate(bytes),
        update: Buffer.from(bytes).toString('base64'),
      },
    };
  }

  /** Logs written before versions left the log: the bytes are in the event, base64. */
  private async fromLog(
    sessionId: string,
    groupId: string,
    versionId: string,
  ): Promise<Uint8Array | undefined> {
    const events = await this.sessions.eventsAfter(sessionId, 0);
    for (const e of events) {
      if (e.type === 'document.versioned' && e.data.groupId === groupId && e.data.versionId === versionId) {
        return e.data.update ? new Uint8Array(Buffer.from(e.data.update, 'base64')) : undefined;
      }
    }
    return undefined;
  }
}
