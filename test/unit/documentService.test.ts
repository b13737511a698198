import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { FileDocumentStore } from '../../server/adapters/file/fileDocumentStore.js';
import { MemoryDocumentStore } from '../../server/adapters/memory/memoryDocumentStore.js';
import type { PalabreError } from '../../shared/errors.js';
import { unitDocuments } from '../helpers/unitDocuments.js';

async function setup() {
  const store = new MemoryDocumentStore();
  let loads = 0;
  const load = store.load.bind(store);
  store.load = async (id) => {
    loads++;
    return load(id);
  };
  const { sessions, access, documents } = unitDocuments(store);
  const session = await sessions.create({ title: 'T', groups: [{ name: 'A' }] });
  const groupId = session.groupOrder[1]!;
  const joined = await sessions.execute(
    session.id,
    { type: 'member.join', name: 'Ana', role: 'participant', groupId },
    { kind: 'system' },
  );
  if (!joined.ok || joined.events[0]?.type !== 'member.joined') throw new Error('join failed');
  const token = access.resume(session.id, joined.events[0].data.memberId).token;
  const peer = () => {
    const closed: PalabreError[] = [];
    return {
      closed,
      send: () => undefined,
      close: (e: PalabreError) => closed.push(e),
      pause: () => undefined,
      resume: () => undefined,
    };
  };
  return { documents, sessions, session, groupId, token, peer, loads: () => loads };
}

describe('document service', () => {
  it('loads a document once for concurrent opens and unloads it when the last one leaves', async () => {
    const { documents, session, groupId, token, peer, loads } = await setup();
    const opened = await Promise.all([1, 2, 3].map(() => documents.open(session.id, groupId, token, peer())));
    expect(loads()).toBe(1);
    expect(documents.loaded).toBe(1);
    const connections = opened.map((o) => (o.ok ? o.connection : null));
    for (const c of connections) c!.start();
    // A fourth connection for the same member is over the limit.
    expect(await documents.open(session.id, groupId, token, peer())).toMatchObject({
      ok: false,
      error: { code: 'limit_exceeded' },
    });
    for (const c of connections) c!.socketClosed();
    await expect.poll(() => documents.loaded).toBe(0);
    const again = await documents.open(session.id, groupId, token, peer());
    expect(again.ok).toBe(true);
    expect(loads()).toBe(2);
  });

  it('refuses bad tokens and tokens of other sessions', async () => {
    const { documents, session, groupId, token, peer, sessions } = await setup();
    expect(await documents.open(session.id, groupId, 'junk', peer())).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    const other = await sessions.create({ title: 'Other' });
    expect(await documents.open(other.id, 'plenary', token, peer())).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});

describe('file document store', () => {
  it('cuts a torn last record (crash mid-append) and appends after it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'palabre-torn-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const store = new FileDocumentStore(dir);
    await store.init();
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getText('t').insert(0, 'ab');
    doc.getText('t').insert(2, 'cd');
    await store.append('s/g', [updates[0]!]);
    await store.close();
    const log = join(dir, 'docs', 's', 'g.log');
    const bytes = await readFile(log);
    await writeFile(log, Buffer.concat([bytes, Buffer.from([0, 0, 0, 2, 0, 0, 0, 99, 1, 2])]));
    const reopened = new FileDocumentStore(dir);
    await reopened.init();
    expect((await reopened.load('s/g')).seq).toBe(1);
    expect(await reopened.append('s/g', [updates[1]!])).toEqual({ seq: 2 });
    await reopened.close();
    const stored = await new FileDocumentStore(dir).load('s/g');
    const check = new Y.Doc();
    for (const u of stored.updates) Y.applyUpdate(check, u);
    expect(check.getText('t').toString()).toBe('abcd');
  });

  it('replays the journal after a crash, cutting a torn or corrupt last batch, and numbers on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'palabre-journal-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const store = new FileDocumentStore(dir);
    await store.init();
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (const part of ['ab', 'cd', 'ef']) doc.getText('t').insert(doc.getText('t').length, part);
    await Promise.all([store.append('s/g', [updates[0]!]), store.append('s/h', [updates[0]!])]);
    await store.append('s/g', [updates[1]!]);
    // Crash: no close, so no checkpoint; the journal holds both batches, then a torn one and garbage.
    const journal = join(dir, 'docs', 'journal.log');
    const bytes = await readFile(journal);
    expect(bytes.length).toBeGreaterThan(0);
    const torn = Buffer.from([0, 0, 0, 40, 1, 2, 3, 4, 9, 9]);
    const corrupt = Buffer.from([0, 0, 0, 2, 0, 0, 0, 0, 7, 7]);
    for (const tail of [torn, corrupt]) {
      await writeFile(journal, Buffer.concat([bytes, tail]));
      const reopened = new FileDocumentStore(dir);
      await reopened.init();
      const g = await reopened.load('s/g');
      const check = new Y.Doc();
      for (const u of g.updates) Y.applyUpdate(check, u);
      expect(check.getText('t').toString()).toBe('abcd');
      expect(g.seq).toBe(2);
      expect((await reopened.load('s/h')).seq).toBe(1);
      await reopened.close();
      // The checkpoint moved the journal into the documents' logs and emptied it.
      expect((await readFile(journal)).length).toBe(0);
    }
    const last = new FileDocumentStore(dir);
    await last.init();
    expect(await last.append('s/g', [updates[2]!])).toEqual({ seq: 3 });
    await last.close();
  });
});
