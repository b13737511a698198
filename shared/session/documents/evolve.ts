import type { EventOf } from '../events.js';
import type { SessionState } from '../types.js';
import { documentOf } from './access.js';
import type { GroupDocument } from './types.js';

function withDocument(s: SessionState, groupId: string, patch: (d: GroupDocument) => GroupDocument) {
  return { ...s, documents: { ...s.documents, [groupId]: patch(documentOf(s, groupId)) } };
}

/** Evolvers of the documents family, spread into the table in evolve.ts. */
export const documentEvolvers = {
  'editing.changed': (s: SessionState, e: EventOf<'editing.changed'>): SessionState =>
    withDocument(s, e.data.groupId, (d) => ({ ...d, editing: e.data.mode })),
  'document.versioned': (s: SessionState, e: EventOf<'document.versioned'>): SessionState => {
    const { versionId, phaseId, at, bytes, hash, recommendations, trigger } = e.data;
    const version = { versionId, phaseId, at, bytes, recommendations, trigger, ...(hash ? { hash } : {}) };
    return withDocument(s, e.data.groupId, (d) => ({ ...d, versions: [...d.versions, version] }));
  },
};
