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

  it('decodes without copying: payloads are views into the frame (the connection copies each frame once)', () => {
    const frame = encodeUpdate(textUpdate(new Y.Doc(), (t) => t.insert(0, 'abc')));
    const message = decodeClientFrame(frame);
    expect(message.kind === 'update' && message.update.buffer).toBe(frame.buffer);
    expect(message.kind === 'update' && scanUpdate(message.update).empty).toBe(false);
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
    expect(relay.receive(update([[1, 0, '{"user":"a"}']]), a).relay).toEqual(
      update([[1, 0, '{"user":"a"}']]),
    );
    relay.receive(update([[2, 3, '{"user":"b"}']]), b);
    // A stock client echoes the states it hears: nothing to relay, and the owner stays.
    expect(relay.receive(update([[1, 0, '{"user":"a"}']]), b)).toMatchObject({ relay: null, refused: null });
    expect(relay.receive(update([[1, 5, '{"user":"spoof"}']]), b).relay).toBeNull();
    expect(relay.size).toBe(2);
    expect(relay.encodeAll()).toEqual(
      update([
        [1, 0, '{"user":"a"}'],
        [2, 3, '{"user":"b"}'],
      ]),
    );
    expect(relay.removeOwner(a)).toEqual([{ client: 1, clock: 1, state: 'null' }]);
    expect(relay.size).toBe(1);
  });

  it('lets a client that comes back (another connection, another process) own itself again, visibly', () => {
    const relay = new AwarenessRelay();
    const old = {};
    relay.receive(update([[1, 4, '{"user":"a"}']]), old);
    // It left: everyone was told at clock 5. It comes back with its own clock 4, which everyone ignores…
    relay.removeOwner(old);
    const back = {};
    const outcome = relay.receive(update([[1, 4, '{"user":"a"}']]), back);
    expect(outcome.relay).toBeNull();
    // …so it alone is told of its removal; y-protocols then announces it above that clock.
    expect(outcome.reply).toEqual(update([[1, 5, 'null']]));
    expect(relay.receive(update([[1, 6, '{"user":"a"}']]), back).relay).toEqual(
      update([[1, 6, '{"user":"a"}']]),
    );
    // A client known through another process (owned remotely) is taken over by its own connection here,
    // while echoes of others' clients by that connection are still dropped.
    relay.receiveRemote(update([[2, 9, '{"user":"b"}']]));
    const movedHere = {};
    expect(relay.receive(update([[2, 9, '{"user":"b"}']]), movedHere).relay).toEqual(
      update([[2, 9, '{"user":"b"}']]),
    );
    expect(relay.receive(update([[1, 7, '{"user":"spoof"}']]), movedHere).relay).toBeNull();
    expect(relay.removeOwner(movedHere)).toEqual([{ client: 2, clock: 10, state: 'null' }]);
  });

  it('closes on what does not decode, refuses states that break a rule and relays the rest', () => {
    const relay = new AwarenessRelay({ maxStateBytes: 64, maxDepth: 3 });
    expect(() => relay.receive(update([[1, 0, '{nope']]), {})).toThrow(MalformedFrame);
    expect(() => relay.receive(new Uint8Array([...update([[1, 0, '{}']]), 1]), {})).toThrow(MalformedFrame);
    const many = Array.from({ length: 9 }, (_, i) => [i, 0, '{}'] as [number, number, string]);
    expect(() => relay.receive(update(many), {})).toThrow(/too many/);
    const owner = {};
    const refusedBy = (entry: [number, number, string]) => relay.receive(update([entry]), owner).refused;
    expect(refusedBy([3, 0, '"text"'])).toMatch(/JSON object or null/);
    expect(refusedBy([3, 0, '[1]'])).toMatch(/JSON object or null/);
    expect(refusedBy([3, 0, JSON.stringify({ x: 'y'.repeat(80) })])).toMatch(/at most 64 bytes/);
    expect(refusedBy([3, 0, '{"a":{"b":{"c":{}}}}'])).toMatch(/nest at most 3/);
    expect(refusedBy([2 ** 33, 0, '{}'])).toMatch(/32-bit/);
    expect(refusedBy([3, 2 ** 31, '{}'])).toMatch(/clock/);
    expect(relay.size).toBe(0);
    const mixed = relay.receive(
      update([
        [4, 0, '{"ok":true}'],
        [5, 0, '7'],
      ]),
      owner,
    );
    expect(mixed.refused).toMatch(/JSON object/);
    expect(mixed.relay).toEqual(update([[4, 0, '{"ok":true}']]));
  });
});

describe('refused updates', () => {
  /** What a stock client sends for one transaction (its own deletions only, unlike a sync step 2). */
  const delta = (doc: Y.Doc, edit: () => void) => {
    let sent: Uint8Array | null = null;
    const capture = (update: Uint8Array) => (sent = update);
    doc.on('update', capture);
    doc.transact(edit);
    doc.off('update', capture);
    return sent!;
  };
  const tombstone = (served: Y.Doc, update: Uint8Array) => {
    const shape = scanUpdate(update);
    return tombstoneUpdate(
      shape,
      served,
      integrability(shape, (c) => Y.getState(served.store, c)),
    );
  };

  it('keep nothing visible: insertions deleted at birth, deletions dropped, map values untouched', () => {
    const served = new Y.Doc();
    served.getText('t').insert(0, 'hello world');
    served.getMap('m').set('status', 'draft');
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(served));
    const refused = delta(client, () => {
      client.getText('t').insert(5, ' big');
      client.getText('t').delete(0, 2);
      client.getMap('m').set('status', 'adopted');
    });
    const kept = tombstone(served, refused)!;
    Y.applyUpdate(served, kept);
    Y.applyUpdate(client, kept);
    expect(served.getText('t').toString()).toBe('hello world');
    expect(served.getMap('m').get('status')).toBe('draft');
    // The refused client's own insertion is gone from its copy; its deletion stays there only.
    expect(client.getText('t').toString()).toBe('llo world');
    // Its later edits, next to what was refused, still integrate on the server.
    Y.applyUpdate(
      served,
      delta(client, () => client.getText('t').insert(3, '!')),
    );
    expect(served.getText('t').toString()).toBe('hello! world');
    expect(served.store.pendingStructs).toBeNull();
    // A pure deletion leaves nothing; known content neither.
    expect(
      tombstone(
        served,
        delta(client, () => client.getText('t').delete(0, 1)),
      ),
    ).toBeNull();
    expect(tombstone(served, Y.encodeStateAsUpdate(served))).toBeNull();
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
