import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type WebSocket from 'ws';
import { FileDocumentStore } from '../../server/adapters/file/fileDocumentStore.js';
import { DRAFTING, forumWithGroup, openDocument, synced } from '../helpers/documents.js';
import type { OpenDocument } from '../helpers/documents.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { startServer } from '../helpers/server.js';

/** The raw socket under a stock provider: its events are not delayed like the provider's messages. */
const socketOf = (open: OpenDocument) => open.provider.ws as unknown as WebSocket;

/** Sync update frames (type 0, sync 2) a reader's socket received, counted as they arrive. */
function countUpdates(open: OpenDocument): { count: number } {
  const seen = { count: 0 };
  // The provider reads ArrayBuffers (binaryType 'arraybuffer').
  socketOf(open).on('message', (data: ArrayBuffer) => {
    const frame = new Uint8Array(data);
    if (frame[0] === 0 && frame[1] === 2) seen.count++;
  });
  return seen;
}

/** A WebSocket ping answered: every frame the server sent before its pong has reached the socket. */
const barrier = (open: OpenDocument) =>
  new Promise<void>((resolve) => {
    socketOf(open).once('pong', () => resolve());
    socketOf(open).ping();
  });

describe('group commit', () => {
  it('writes the updates of several documents in one sync and broadcasts none before that sync ends', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'palabre-group-commit-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const clock = new FakeClock(Date.now());
    const synced_: Buffer[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // A slow disk: the batch is written (O_DSYNC) and then its sync does not end until the test says so.
    const store = new FileDocumentStore(dir, {
      commitWindowMs: 1000,
      clock,
      durableWrite: async (bytes, write) => {
        await write(bytes);
        synced_.push(bytes);
        await held;
      },
    });
    await store.init();
    const server = await startServer({ overrides: { documentStore: store } });
    const f = await forumWithGroup({ server });
    await f.goto(DRAFTING);
    const ana = openDocument(server.url, f.session.id, f.ga, f.tokenOf(f.ana));
    const carla = openDocument(server.url, f.session.id, f.gb, f.tokenOf(f.carla));
    const ben = openDocument(server.url, f.session.id, f.ga, f.tokenOf(f.ben));
    const fatou = openDocument(server.url, f.session.id, f.gb, f.tokenOf(f.facilitator));
    await Promise.all([ana, carla, ben, fatou].map((d) => synced(d)));
    const toBen = countUpdates(ben);
    const toFatou = countUpdates(fatou);

    ana.text.insert(0, 'Pistes cyclables');
    carla.text.insert(0, 'Logements vacants');
    // Both documents' updates wait in the same batch until its window closes.
    await expect.poll(() => store.waitingAppends).toBe(2);
    clock.advance(1000);
    await expect.poll(() => synced_.length).toBe(1);
    const batch = synced_[0]!;
    expect(batch.includes(`${f.session.id}/${f.ga}`)).toBe(true);
    expect(batch.includes(`${f.session.id}/${f.gb}`)).toBe(true);
    // The batch is being synced: whatever the server sent before answering these pings has arrived, and
    // none of it is an update.
    await Promise.all([barrier(ben), barrier(fatou)]);
    expect([toBen.count, toFatou.count]).toEqual([0, 0]);
    expect([ben.text.toString(), fatou.text.toString()]).toEqual(['', '']);

    release();
    await expect.poll(() => ben.text.toString()).toBe('Pistes cyclables');
    await expect.poll(() => fatou.text.toString()).toBe('Logements vacants');
    expect([toBen.count, toFatou.count]).toEqual([1, 1]);
    // And the batch is in the journal on disk.
    expect((await readFile(join(dir, 'docs', 'journal.log'))).includes(batch)).toBe(true);
  });
});
