import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRecommendation } from '../../client/sdk/recommendations.js';
import { MemoryEventStore } from '../../server/adapters/memory/memoryEventStore.js';
import { MemoryVersionStore } from '../../server/adapters/memory/memoryVersionStore.js';
import { VersionReader } from '../../server/core/documents/versionReader.js';
import { chain } from '../../server/core/hashChain.js';
import { SessionService } from '../../server/core/sessionService.js';
import type { NewEvent } from '../../shared/session/events.js';
import { FakeClock } from '../helpers/fakeClock.js';

async function setup() {
  const store = new MemoryEventStore();
  const sessions = new SessionService(store, new FakeClock());
  const versions = new MemoryVersionStore();
  const state = await sessions.create({ title: 'Versions', groups: [{ name: 'A' }] });
  const groupId = state.groupOrder[1]!;
  const doc = new Y.Doc();
  addRecommendation(doc, { title: 'Bancs publics', createdBy: 'm1', id: 'r1' });
  const bytes = Y.encodeStateAsUpdate(doc);
  return {
    store,
    sessions,
    versions,
    reader: new VersionReader(sessions, versions),
    id: state.id,
    groupId,
    bytes,
  };
}

describe('reading recorded versions', () => {
  it('serves the stored bytes of a recorded version, checked against the hash the log names', async () => {
    const { sessions, versions, reader, id, groupId, bytes } = await setup();
    await versions.put(id, groupId, 'v1', bytes);
    const recorded = await sessions.execute(
      id,
      {
        type: 'document.record',
        groupId,
        trigger: 1,
        phaseId: null,
        versionId: 'v1',
        hash: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
        recommendations: [{ id: 'r1', title: 'Bancs publics', body: '', authors: [] }],
      },
      { kind: 'system' },
    );
    expect(recorded.ok).toBe(true);
    expect(await reader.list(id, groupId)).toHaveLength(1);
    const read = await reader.read(id, groupId, 'v1');
    expect(read).toMatchObject({
      ok: true,
      version: { versionId: 'v1', recommendations: [{ title: 'Bancs publics' }] },
    });
    expect(read.ok && Buffer.from(read.version.update, 'base64')).toEqual(Buffer.from(bytes));
    // Bytes that are not the ones recorded are not served as that version.
    await versions.put(id, groupId, 'v1', new Uint8Array([0, 0]));
    expect(await reader.read(id, groupId, 'v1')).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(await reader.read(id, groupId, 'nope')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('reads versions of logs written before versions left the log from the log itself', async () => {
    const { store, sessions, id, groupId, bytes } = await setup();
    const state = (await sessions.get(id))!;
    const legacy = {
      type: 'document.versioned',
      data: {
        groupId,
        versionId: 'old1',
        phaseId: 'p4',
        at: 1,
        bytes: bytes.length,
        recommendations: 1,
        trigger: 2,
        update: Buffer.from(bytes).toString('base64'),
      },
    } as NewEvent;
    const stamped = chain({ version: state.version, hash: state.headHash }, [legacy], 2, 'system');
    expect((await store.append(id, state.version, stamped)).ok).toBe(true);
    const fresh = new SessionService(store, new FakeClock());
    const read = await new VersionReader(fresh, new MemoryVersionStore()).read(id, groupId, 'old1');
    expect(read).toMatchObject({
      ok: true,
      version: { versionId: 'old1', recommendations: [{ title: 'Bancs publics' }] },
    });
  });
});
