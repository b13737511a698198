import { describe, expect, it } from 'vitest';
import { FileEventStore } from '../../server/adapters/file/fileEventStore.js';
import { FileSessionCatalog } from '../../server/adapters/file/fileSessionCatalog.js';
import type { EventStore } from '../../server/ports/eventStore.js';
import { startServer } from '../helpers/server.js';

/** A file event store that counts what is read, per session, and whether the whole index was listed. */
class CountingStore extends FileEventStore {
  readonly reads = new Map<string, number>();
  lists = 0;
  override read(...args: Parameters<EventStore['read']>) {
    this.reads.set(args[0], (this.reads.get(args[0]) ?? 0) + 1);
    return super.read(...args);
  }
  override list() {
    this.lists++;
    return super.list();
  }
}

describe('session catalog', () => {
  it('starts without reading the logs of ended sessions, and pages the organisers’ list', async () => {
    const first = await startServer({ keepData: true });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { session } = await first.createSession({ title: `Atelier ${i}` });
      ids.push(session.id);
    }
    const admin = { kind: 'admin' } as const;
    // 0–9 ended, 10 live, 11 scheduled.
    for (const id of ids.slice(0, 11)) {
      expect((await first.palabre.sessions.execute(id, { type: 'session.start' }, admin)).ok).toBe(true);
    }
    for (const id of ids.slice(0, 10)) {
      expect((await first.palabre.sessions.execute(id, { type: 'session.end' }, admin)).ok).toBe(true);
    }
    await first.stop();

    const store = new CountingStore(first.dataDir);
    await store.init();
    const catalog = new FileSessionCatalog(first.dataDir);
    await catalog.init();
    const second = await startServer({ dataDir: first.dataDir, overrides: { store, catalog } });
    expect(store.lists).toBe(0);
    expect([...store.reads.keys()].sort()).toEqual([ids[10], ids[11]].sort());

    // The list, newest first, in pages of 5 (three pages), and by status.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await second.api('GET', `/api/sessions?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.sessions.length).toBeLessThanOrEqual(5);
      seen.push(...res.body.sessions.map((s: { id: string }) => s.id));
      cursor = res.body.next;
    } while (cursor);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(seen).toHaveLength(12);
    const live = await second.api('GET', '/api/sessions?status=live');
    expect(live.body.sessions).toEqual([
      expect.objectContaining({ id: ids[10], title: 'Atelier 10', status: 'live', endedAt: null }),
    ]);
    const ended = await second.api('GET', '/api/sessions?status=ended&limit=500');
    expect(ended.body.sessions.map((s: { id: string }) => s.id).sort()).toEqual(ids.slice(0, 10).sort());
    // Listing read no log either.
    expect([...store.reads.keys()].sort()).toEqual([ids[10], ids[11]].sort());

    for (const [query, message] of [
      ['limit=0', /limit/],
      ['limit=501', /limit/],
      ['status=closed', /status/],
      ['cursor=../../x', /cursor/],
      ['sort=title', /sort/],
    ] as const) {
      const res = await second.api('GET', `/api/sessions?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('catalogues the sessions of a store written before the catalog existed, once', async () => {
    const first = await startServer({ keepData: true });
    const { session: a } = await first.createSession({ title: 'Avant' });
    const { session: b } = await first.createSession({ title: 'Avant aussi' });
    await first.palabre.sessions.execute(b.id, { type: 'session.start' }, { kind: 'admin' });
    await first.stop();

    // The catalog file is gone (a data directory from before it): start-up rebuilds it from the logs.
    const { rm } = await import('node:fs/promises');
    await rm(`${first.dataDir}/catalog.jsonl`);
    const second = await startServer({ dataDir: first.dataDir, keepData: true });
    const res = await second.api('GET', '/api/sessions');
    expect(res.body.sessions.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual(
      expect.arrayContaining([
        [a.id, 'scheduled'],
        [b.id, 'live'],
      ]),
    );
    await second.stop();

    const store = new CountingStore(first.dataDir);
    await store.init();
    const catalog = new FileSessionCatalog(first.dataDir);
    await catalog.init();
    await startServer({ dataDir: first.dataDir, overrides: { store, catalog } });
    expect(store.lists).toBe(0);
  });
});
