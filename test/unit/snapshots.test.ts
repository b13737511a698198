import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../server/adapters/memory/memoryEventStore.js';
import { MemorySnapshotStore } from '../../server/adapters/memory/memorySnapshotStore.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { SessionService } from '../../server/core/sessionService.js';
import { stateFormat } from '../../server/core/stateFormat.js';
import { replay } from '../../shared/session/evolve.js';

/** Counts how far back loads read the log. */
class CountingStore extends MemoryEventStore {
  reads: number[] = [];
  override async read(sessionId: string, afterVersion = 0) {
    this.reads.push(afterVersion);
    return super.read(sessionId, afterVersion);
  }
}

async function sessionWithHistory(store: MemoryEventStore, snapshots: MemorySnapshotStore, format: string) {
  const service = new SessionService(store, new FakeClock(), undefined, {
    snapshots,
    snapshotEvery: 10,
    format,
  });
  const state = await service.create({ title: 'Longue séance' });
  for (let i = 0; i < 25; i++) {
    const done = await service.execute(
      state.id,
      { type: 'announcement.make', text: `n°${i}` },
      { kind: 'admin' },
    );
    expect(done.ok).toBe(true);
  }
  return state.id;
}

describe('snapshots', () => {
  it('a new process loads from the latest snapshot and replays only the events after it', async () => {
    const store = new CountingStore();
    const snapshots = new MemorySnapshotStore();
    const id = await sessionWithHistory(store, snapshots, 'f1');
    const snapshot = await snapshots.get(id);
    expect(snapshot?.version).toBe(20);

    store.reads = [];
    const fresh = new SessionService(store, new FakeClock(), undefined, { snapshots, format: 'f1' });
    const loaded = await fresh.get(id);
    expect(store.reads).toEqual([20]);
    expect(loaded).toEqual(replay(await store.read(id)));
  });

  it('ignores a snapshot written by other domain code and replays the whole log', async () => {
    const store = new CountingStore();
    const snapshots = new MemorySnapshotStore();
    const id = await sessionWithHistory(store, snapshots, 'old-code');
    store.reads = [];
    const fresh = new SessionService(store, new FakeClock(), undefined, { snapshots, format: 'new-code' });
    const loaded = await fresh.get(id);
    expect(store.reads).toEqual([0]);
    expect(loaded!.announcements).toHaveLength(25);
  });

  it('the format is a stable hash of the domain code', () => {
    expect(stateFormat()).toMatch(/^[0-9a-f]{16}$/);
    expect(stateFormat()).toBe(stateFormat());
  });
});

describe('the session cache', () => {
  it('keeps live sessions and drops the least recently used idle ones past its bound', async () => {
    const store = new CountingStore();
    const service = new SessionService(store, new FakeClock(), undefined, { maxIdleSessions: 2 });
    const live = await service.create({ title: 'En cours' });
    await service.execute(live.id, { type: 'session.start' }, { kind: 'admin' });
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await service.create({ title: `Programmée ${i}` })).id);
    await service.get(ids[0]!); // recently used again
    store.reads = [];
    await service.get(live.id);
    await service.get(ids[0]!);
    await service.get(ids[3]!);
    expect(store.reads).toEqual([]);
    // ids[1] was dropped: asking for it reads the log again, and gives the same state.
    const again = await service.get(ids[1]!);
    expect(store.reads).toEqual([0]);
    expect(again!.title).toBe('Programmée 1');
  });
});

describe('the session cache', () => {
  it('evicts idle sessions past the limit, but never a retained one', async () => {
    const store = new MemoryEventStore();
    const service = new SessionService(store, new FakeClock(), undefined, { maxIdleSessions: 1 });
    const kept = await service.create({ title: 'Ouverte dans un document' });
    const release = service.retain(kept.id);
    const others = [];
    for (let i = 0; i < 3; i++) others.push(await service.create({ title: `Autre ${i}` }));
    expect(service.peek(kept.id)?.id).toBe(kept.id);
    expect(others.filter((o) => service.peek(o.id)).length).toBe(1);
    release();
    release(); // idempotent
    await service.create({ title: 'Encore une' });
    expect(service.peek(kept.id)).toBeUndefined();
  });
});
