import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  MemoryDocumentBackend,
  MemoryDocumentStore,
} from '../../server/adapters/memory/memoryDocumentStore.js';
import { AwarenessRelay } from '../../server/core/documents/awarenessRelay.js';
import { LiveDocument } from '../../server/core/documents/liveDocument.js';
import { integrability, tombstoneUpdate } from '../../server/core/documents/integration.js';
import { MalformedFrame, decodeClientFrame, encodeUpdate } from '../../server/core/documents/messages.js';
import { scanUpdate } from '../../server/core/documents/updateScan.js';

function textUpdate(doc: Y.Doc, edit: (t: Y.Text) => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  edit(doc.getText('t'));
  return Y.encodeStateAsUpdate(doc, before);
}

describe('document frames', () => {
  it('decodes one message per frame and refuses trailing bytes', () => {
    const update = textUpdate(new Y.Doc(), (t) => t.insert(0, 'a'));
    const frame = encodeUpdate(update);
    expect(decodeClientFrame(frame)).toEqual({ kind: 'update', update, step2: false });
    expect(() => decodeClientFrame(new Uint8Array([...frame, 0]))).toThrow(MalformedFrame);
    expect(() => decodeClientFrame(frame.subarray(0, frame.length - 1))).toThrow(MalformedFrame);
    expect(() => decodeClientFrame(new Uint8Array([0, 7, 0]))).toThrow(/unknown sync message/);
    expect(() => decodeClientFrame(new Uint8Array([0, 0, 3, 255, 255, 255]))).toThrow(MalformedFrame);
    expect(decodeClientFrame(new Uint8Array([3]))).toEqual({ kind: 'queryAwareness' });
  });

  it('copies the frame, so a reused socket buffer cannot change a decoded update', () => {
    const frame = encodeUpdate(textUpdate(new Y.Doc(), (t) => t.insert(0, 'abc')));
    const message = decodeClientFrame(frame);
    frame.fill(0);
    expect(message.kind === 'update' && scanUpdate(message.update).empty).toBe(false);
  });
});

describe('live document', () => {
  const options = { compactEvery: 5, onError: () => undefined, onBroken: () => undefined };

  it('persists before broadcasting, batches appends and compacts past the threshold', async () => {
    const backend = new MemoryDocumentBackend();
    const store = new MemoryDocumentStore(backend);
    const appends: number[] = [];
    const append = store.append.bind(store);
    store.append = async (id, updates) => {
      appends.push(updates.length);
      return append(id, updates);
    };
    const live = new LiveDocument('s/g', store, options);
    await live.load();
    const seen: Uint8Array[] = [];
    live.subscribers.add({ send: (f) => seen.push(f), close: () => undefined });
    const writer = new Y.Doc();
    const updates = Array.from({ length: 12 }, (_, i) =>
      textUpdate(writer, (t) => t.insert(t.length, `${i},`)),
    );
    const done = updates.map((u) => live.accept(u, null)!);
    expect(seen).toHaveLength(0); // nothing broadcast before the store answered
    expect(await Promise.all(done)).toEqual(updates.map(() => null));
    // Whatever arrived while the store was busy went out merged: fewer frames, the same text.
    expect(seen.length).toBeLessThan(12);
    const reader = new Y.Doc();
    for (const frame of seen) {
      const message = decodeClientFrame(frame);
      if (message.kind === 'update') Y.applyUpdate(reader, message.update);
    }
    expect(reader.getText('t').toString()).toBe(writer.getText('t').toString());
    expect(appends[0]).toBe(1);
    expect(appends.reduce((a, b) => a + b)).toBe(12);
    const stored = await store.load('s/g');
    expect(stored.snapshotSeq).toBeGreaterThanOrEqual(5);
    const reloaded = new LiveDocument('s/g', new MemoryDocumentStore(backend), options);
    await reloaded.load();
    expect(reloaded.doc.getText('t').toString()).toBe(writer.getText('t').toString());
  });

  it('closes everyone and marks itself broken when the store fails', async () => {
    const store = new MemoryDocumentStore();
    store.append = async () => {
      throw new Error('disk full');
    };
    let broken = false;
    const live = new LiveDocument('s/g', store, { ...options, onBroken: () => (broken = true) });
    await live.load();
    const closed: string[] = [];
    live.subscribers.add({ send: () => undefined, close: (e) => closed.push(e.code) });
    const error = await live.accept(
      textUpdate(new Y.Doc(), (t) => t.insert(0, 'x')),
      null,
    );
    expect(error?.code).toBe('unavailable');
    expect(closed).toEqual(['unavailable']);
    expect(broken && live.broken).toBe(true);
  });
});
