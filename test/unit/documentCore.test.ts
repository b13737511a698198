import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  MemoryDocumentBackend,
  MemoryDocumentStore,
} from '../../server/adapters/memory/memoryDocumentStore.js';
import { AwarenessRelay } from '../../server/core/documents/awarenessRelay.js';
import { LiveDocument } from '../../server/core/documents/liveDocument.js';
import {
  MalformedFrame,
  decodeClientFrame,
  encodeUpdate,
  inspectUpdate,
} from '../../server/core/documents/messages.js';
import { refusalOutcome } from '../../server/core/documents/revert.js';

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
    expect(message.kind === 'update' && inspectUpdate(message.update).empty).toBe(false);
  });

  it('checks that updates decode whole and says when they are empty', () => {
    expect(inspectUpdate(new Uint8Array([0, 0]))).toEqual({ empty: true });
    expect(() => inspectUpdate(new Uint8Array([1, 200, 1, 2, 3]))).toThrow(MalformedFrame);
  });
});

describe('awareness relay', () => {
  const update = (entries: [number, number, string][]) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, entries.length);
    for (const [client, clock, state] of entries) {
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, state);
    }
    return encoding.toUint8Array(e);
  };

  it('keeps the latest states, hands them to newcomers and removes a leaving owner', () => {
    const relay = new AwarenessRelay();
    const a = {};
    const b = {};
    relay.receive(update([[1, 0, '{"user":"a"}']]), a);
    relay.receive(update([[2, 3, '{"user":"b"}']]), b);
    relay.receive(update([[1, 0, '{"user":"a"}']]), b); // echo by a stock client
    expect(relay.size).toBe(2);
    expect(relay.encodeAll()).toEqual(
      update([
        [1, 0, '{"user":"a"}'],
        [2, 3, '{"user":"b"}'],
      ]),
    );
    expect(relay.removeOwner(a)).toEqual(update([[1, 1, 'null']]));
    expect(relay.size).toBe(1);
  });

  it('refuses invalid JSON, trailing bytes and too many clients', () => {
    const relay = new AwarenessRelay();
    expect(() => relay.receive(update([[1, 0, '{nope']]), {})).toThrow(MalformedFrame);
    expect(() => relay.receive(new Uint8Array([...update([[1, 0, '{}']]), 1]), {})).toThrow(MalformedFrame);
    const many = Array.from({ length: 9 }, (_, i) => [i, 0, '{}'] as [number, number, string]);
    expect(() => relay.receive(update(many), {})).toThrow(/too many/);
  });
});

describe('refused updates', () => {
  it('bring the refused client back to the served text, insertions and deletions alike', () => {
    const served = new Y.Doc();
    served.getText('t').insert(0, 'hello world');
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(served));
    const refused = textUpdate(client, (t) => {
      t.insert(5, ' big');
      t.delete(0, 2);
    });
    const outcome = refusalOutcome(served, refused)!;
    Y.applyUpdate(served, outcome);
    Y.applyUpdate(client, outcome);
    expect(served.getText('t').toString()).toBe('hello world');
    expect(client.getText('t').toString()).toBe('hello world');
    // Later edits of that client still integrate on the server (they may refer to refused items).
    Y.applyUpdate(
      served,
      textUpdate(client, (t) => t.insert(5, '!')),
    );
    expect(served.getText('t').toString()).toBe('hello! world');
    expect(refusalOutcome(served, Y.encodeStateAsUpdate(served))).toBeNull();
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
    const done = updates.map((u) => live.submit(u, null));
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
    const error = await live.submit(
      textUpdate(new Y.Doc(), (t) => t.insert(0, 'x')),
      null,
    );
    expect(error?.code).toBe('unavailable');
    expect(closed).toEqual(['unavailable']);
    expect(broken && live.broken).toBe(true);
  });
});
