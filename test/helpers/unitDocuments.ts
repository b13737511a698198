import { onTestFinished } from 'vitest';
import { MemoryDocumentStore } from '../../server/adapters/memory/memoryDocumentStore.js';
import { MemoryEventStore } from '../../server/adapters/memory/memoryEventStore.js';
import { AccessService } from '../../server/core/access.js';
import { DocumentService } from '../../server/core/documents/documentService.js';
import { SessionService } from '../../server/core/sessionService.js';
import { TokenService } from '../../server/core/tokens.js';
import { createLogger } from '../../server/log.js';
import { UNIT_DOCUMENT_LIMITS } from './domain.js';
import { FakeClock } from './fakeClock.js';

/**
 * The document service of the unit tests: sessions and events in memory, tokens valid for an hour, the small
 * UNIT_DOCUMENT_LIMITS, a fake clock, documents in `store`. Closed (documents, then sessions) when the test
 * ends.
 */
export function unitDocuments(store = new MemoryDocumentStore()) {
  const clock = new FakeClock();
  const sessions = new SessionService(new MemoryEventStore(), clock);
  const access = new AccessService(sessions, new TokenService('unit-secret-0123456789', clock), clock, {
    inviteMs: 3600_000,
    resumeMs: 3600_000,
  });
  const documents = new DocumentService({
    store,
    sessions,
    access,
    clock,
    log: createLogger('silent'),
    limits: UNIT_DOCUMENT_LIMITS,
  });
  onTestFinished(async () => {
    await documents.close();
    await sessions.close();
  });
  return { clock, sessions, access, store, documents };
}
