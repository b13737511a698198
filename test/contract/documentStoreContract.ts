import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { AppendedUpdates, DocumentStore, StoredDocument } from '../../server/ports/documentStore.js';

export interface DocumentStoreFixture {
  store: DocumentStore;
  /** The same data after a restart. */
  reopen(): Promise<DocumentStore>;
  /** A handle from another process, if the adapter serves several processes. */
  peer?: () => Promise<DocumentStore>;
}

/** A few real Yjs updates: inserting `parts` one by one into a text. */
function edits(parts: string[]): { updates: Uint8Array[]; text: string } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const part of parts) doc.getText('t').insert(doc.getText('t').length, part);
  return { updates, text: doc.getText('t').toString() };
}

function textOf(stored: StoredDocument): string {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
}

/** The behaviour every DocumentStore adapter must have. Run against each adapter. */
export function documentStoreContract(name: string, setup: () => Promise<DocumentStoreFixture>): void {
  describe(`DocumentStore contract: ${name}`, () => {
    it("deletes every document of a session, across a restart, and no other session's", async () => {
      const { store, reopen } = await setup();
      const { updates, text } = edits(['Pistes ', 'cyclables']);
      await store.append('gone/g1', updates);
      await store.append('gone/g2', updates);
      await store.compact('gone/g2', Y.mergeUpdates(updates), 2);
      await store.append('kept/g1', updates);
      await store.deleteSession('gone');
      await store.deleteSession('never');
      for (const s of [store, await reopen()]) {
        expect(await s.load('gone/g1')).toEqual({ snapshot: undefined, snapshotSeq: 0, updates: [], seq: 0 });
        expect(await s.load('gone/g2')).toEqual({ snapshot: undefined, snapshotSeq: 0, updates: [], seq: 0 });
        expect(textOf(await s.load('kept/g1'))).toBe(text);
      }
    });

    it('loads an unknown document as empty', async () => {
      const { store } = await setup();
      expect(await store.load('s1/nobody')).toEqual({
        snapshot: undefined,
        snapshotSeq: 0,
        updates: [],
        seq: 0,
      });
    });

    it('appends batches with consecutive sequence numbers and loads them back in order', async () => {
      const { store } = await setup();
      const { updates, text } = edits(['a', 'b', 'c', 'd']);
      expect(await store.append('s1/g1', updates.slice(0, 3))).toEqual({ seq: 3 });
      expect(await store.append('s1/g1', updates.slice(3))).toEqual({ seq: 4 });
      const stored = await store.load('s1/g1');
      expect(stored.seq).toBe(4);
      expect(stored.updates.map((u) => Array.from(u))).toEqual(updates.map((u) => Array.from(u)));
      expect(textOf(stored)).toBe(text);
      expect((await store.load('s1/g2')).seq).toBe(0);
    });

    it('keeps every append across a restart', async () => {
      const fixture = await setup();
      const { updates, text } = edits(['x', 'y']);
      for (const u of updates) await fixture.store.append('s2/g', [u]);
      await fixture.store.close();
      const reopened = await fixture.reopen();
      const stored = await reopened.load('s2/g');
      expect(stored.seq).toBe(2);
      expect(textOf(stored)).toBe(text);
      expect(await reopened.append('s2/g', edits(['z']).updates)).toEqual({ seq: 3 });
    });

    it('compacts into a snapshot, keeping later updates and the numbering', async () => {
      const { store } = await setup();
      const { updates, text } = edits(['1', '2', '3', '4', '5']);
      await store.append('s3/g', updates.slice(0, 3));
      const doc = new Y.Doc();
      for (const u of updates.slice(0, 3)) Y.applyUpdate(doc, u);
      await store.append('s3/g', updates.slice(3));
      await store.compact('s3/g', Y.encodeStateAsUpdate(doc), 3);
      const stored = await store.load('s3/g');
      expect(stored.snapshotSeq).toBe(3);
      expect(stored.updates).toHaveLength(2);
      expect(stored.seq).toBe(5);
      expect(textOf(stored)).toBe(text);
      // An older compaction is ignored; numbering goes on.
      await store.compact('s3/g', new Uint8Array([0, 0]), 2);
      expect(textOf(await store.load('s3/g'))).toBe(text);
      expect(await store.append('s3/g', edits(['6']).updates)).toEqual({ seq: 6 });
    });

    it('keeps a compacted document across a restart', async () => {
      const fixture = await setup();
      const { updates, text } = edits(['p', 'q', 'r']);
      await fixture.store.append('s4/g', updates);
      const doc = new Y.Doc();
      for (const u of updates) Y.applyUpdate(doc, u);
      await fixture.store.compact('s4/g', Y.encodeStateAsUpdate(doc), 3);
      await fixture.store.close();
      const stored = await (await fixture.reopen()).load('s4/g');
      expect(stored).toMatchObject({ snapshotSeq: 3, seq: 3, updates: [] });
      expect(textOf(stored)).toBe(text);
    });

    it('tells other handles about appends, in order and numbered, and never echoes to the appender', async (ctx) => {
      const fixture = await setup();
      if (!fixture.peer) return ctx.skip();
      const other = await fixture.peer();
      const seenByOther: AppendedUpdates[] = [];
      const seenBySelf: AppendedUpdates[] = [];
      other.subscribe((b) => seenByOther.push(b));
      fixture.store.subscribe((b) => seenBySelf.push(b));
      const stop = other.follow?.('s5/g', 0);
      fixture.store.follow?.('s5/g', 0);
      const { updates } = edits(['m', 'n', 'o']);
      await fixture.store.append('s5/g', updates.slice(0, 2));
      await fixture.store.append('s5/g', updates.slice(2));
      await fixture.store.append('s5/other', updates.slice(2));
      const ofDoc = () => seenByOther.filter((b) => b.docId === 's5/g');
      const delivered = () => ofDoc().flatMap((b) => b.updates);
      await expect.poll(() => delivered().length).toBe(3);
      // Only what is followed, where the store follows documents.
      if (other.follow) await expect.poll(() => seenByOther.length).toBe(ofDoc().length);
      // Batches may be merged, never reordered: each starts where the previous one ended.
      let next = 1;
      for (const batch of ofDoc()) {
        expect([batch.docId, batch.firstSeq]).toEqual(['s5/g', next]);
        next += batch.updates.length;
      }
      expect(delivered().map((u) => Array.from(u))).toEqual(updates.map((u) => Array.from(u)));
      expect(seenBySelf).toEqual([]);
      stop?.();
    });

    it('a handle that follows a document reads it from where it says, appends made before included', async (ctx) => {
      const fixture = await setup();
      if (!fixture.peer || !fixture.store.follow) return ctx.skip();
      const other = await fixture.peer();
      const { updates } = edits(['u', 'v', 'w']);
      await fixture.store.append('s6/g', updates.slice(0, 2));
      const seen: AppendedUpdates[] = [];
      other.subscribe((b) => seen.push(b));
      // Loaded up to 1: the second update, appended before following, comes through the stream.
      other.follow!('s6/g', 1);
      await fixture.store.append('s6/g', updates.slice(2));
      await expect.poll(() => seen.flatMap((b) => b.updates).length).toBe(2);
      expect(seen[0]!.firstSeq).toBe(2);
      expect(seen.flatMap((b) => b.updates).map((u) => Array.from(u))).toEqual(
        updates.slice(1).map((u) => Array.from(u)),
      );
    });
  });
}
