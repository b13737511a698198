import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { DRAFTING, forumWithGroup, openDocument, synced } from '../helpers/documents.js';
import { startServer } from '../helpers/server.js';

/** A raw socket on the document endpoint, to send what no well-behaved client would. */
async function rawSocket(url: string, path: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${path}`);
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', () => resolve());
    ws.once('unexpected-response', () => reject(new Error('unexpected response')));
  });
  return { ws, closed };
}

function syncFrame(syncType: number, payload: Uint8Array, trailing: number[] = []): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, syncType);
  encoding.writeVarUint8Array(e, payload);
  for (const b of trailing) encoding.writeUint8(e, b);
  return encoding.toUint8Array(e);
}

function insertUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('documents: bad input closes only that connection', () => {
  it('refuses malformed frames, trailing bytes and junk updates with 4400, and keeps serving', async () => {
    const f = await forumWithGroup();
    await f.goto(DRAFTING);
    const path = `/yjs/${f.session.id}/${f.ga}?token=${encodeURIComponent(f.tokenOf(f.ana))}`;
    const ana = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ana));
    await synced(ana);
    const frames = [
      new Uint8Array([0xff, 0xff, 0xff]), // unknown message type / bad varint
      new Uint8Array([0, 2, 50, 1]), // update longer than the frame
      syncFrame(2, insertUpdate('ok'), [7, 7, 7]), // a valid update followed by garbage
      syncFrame(
        2,
        Uint8Array.from({ length: 64 }, (_, i) => (i * 37) % 256),
      ), // junk update
      new Uint8Array([1, 3, 1, 1, 1]), // awareness update that does not decode
      new Uint8Array([9]), // unknown message type
    ];
    for (const frame of frames) {
      const raw = await rawSocket(f.server.url, path);
      raw.ws.send(frame);
      expect(await raw.closed).toBe(4400);
    }
    expect(ana.text.toString()).toBe('');
    ana.text.insert(0, 'toujours là');
    const ben = openDocument(f.server.url, f.session.id, f.ga, f.tokenOf(f.ben));
    await expect.poll(() => ben.text.toString()).toBe('toujours là');
  });

  it('refuses oversized updates (4413 beyond the frame cap, undone below it) and full documents', async () => {
    const server = await startServer({
      env: { YJS_MAX_UPDATE_BYTES: '2048', YJS_MAX_DOCUMENT_BYTES: '8192' },
    });
    const f = await forumWithGroup({ server });
    await f.goto(DRAFTING);
    const ana = openDocument(server.url, f.session.id, f.ga, f.tokenOf(f.ana));
    const ben = openDocument(server.url, f.session.id, f.ga, f.tokenOf(f.ben));
    await Promise.all([synced(ana), synced(ben)]);

    ana.text.insert(0, 'x'.repeat(3000));
    await expect.poll(() => ana.denied.join()).toMatch(/payload_too_large/);
    await expect.poll(() => ana.text.toString()).toBe('');

    for (let i = 0; i < 6; i++) ana.text.insert(ana.text.length, 'y'.repeat(1500));

    await expect.poll(() => ana.denied.join()).toMatch(/limit_exceeded/);
    // Both sides move: the refusal reaches Ana before the tombstone that removes her refused text (that one is
    // persisted first), so compare the two lengths at each poll, not Ana's length when the poll starts.
    await expect.poll(() => ben.text.length === ana.text.length && ana.text.length < 9000).toBe(true);

    const raw = await rawSocket(server.url, `/yjs/${f.session.id}/${f.ga}?token=${f.tokenOf(f.ben)}`);
    raw.ws.send(syncFrame(2, new Uint8Array(10_000)));
    expect(await raw.closed).toBe(4413);
  });

  it('paces a connection that floods instead of closing it, and loses nothing', async () => {
    const server = await startServer({ env: { YJS_MESSAGES_PER_SECOND: '5' } });
    const f = await forumWithGroup({ server });
    await f.goto(DRAFTING);
    const raw = await rawSocket(server.url, `/yjs/${f.session.id}/${f.ga}?token=${f.tokenOf(f.ana)}`);
    const writer = new Y.Doc();
    const text = writer.getText('t');
    for (let i = 0; i < 300; i++) {
      const before = Y.encodeStateVector(writer);
      text.insert(text.length, String(i % 10));
      raw.ws.send(syncFrame(2, Y.encodeStateAsUpdate(writer, before)));
      raw.ws.send(new Uint8Array([3])); // and ask for awareness each time
    }
    const ben = openDocument(server.url, f.session.id, f.ga, f.tokenOf(f.ben));
    await expect.poll(() => ben.text.toString()).toBe(text.toString());
    expect(raw.ws.readyState).toBe(WebSocket.OPEN);
    raw.ws.close();
  });

  it('refuses bad paths and tokens before reading anything', async () => {
    const f = await forumWithGroup();
    const noToken = await rawSocket(f.server.url, `/yjs/${f.session.id}/${f.ga}`);
    expect(await noToken.closed).toBe(4401);
    const otherSession = await rawSocket(f.server.url, `/yjs/sOther/${f.ga}?token=${f.tokenOf(f.ana)}`);
    expect(await otherSession.closed).toBe(4403);
    const noGroup = await rawSocket(f.server.url, `/yjs/${f.session.id}/nope?token=${f.tokenOf(f.ana)}`);
    expect(await noGroup.closed).toBe(4404);
    const participantInvite = await rawSocket(
      f.server.url,
      `/yjs/${f.session.id}/${f.ga}?token=${f.invites.participant.token}`,
    );
    expect(await participantInvite.closed).toBe(4401);
    // An observer invite may watch, read-only.
    const watcher = openDocument(f.server.url, f.session.id, 'plenary', f.invites.observer.token);
    await synced(watcher);
  });

  it('caps connections per IP address before any handshake work', async () => {
    const server = await startServer({ env: { YJS_MAX_CONNECTIONS_PER_IP: '2' } });
    const f = await forumWithGroup({ server });
    const a = openDocument(server.url, f.session.id, f.ga, f.tokenOf(f.ana));
    const b = openDocument(server.url, f.session.id, f.ga, f.tokenOf(f.ben));
    await Promise.all([synced(a), synced(b)]);
    const third = new WebSocket(`${server.url.replace(/^http/, 'ws')}/yjs/${f.session.id}/${f.ga}?token=x`);
    const status = await new Promise<number>((resolve) => {
      third.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      third.on('error', () => undefined);
    });
    expect(status).toBe(429);
    a.provider.destroy();
    await expect
      .poll(async () => {
        const raw = await rawSocket(
          server.url,
          `/yjs/${f.session.id}/${f.ga}?token=${f.tokenOf(f.ana)}`,
        ).catch(() => null);
        raw?.ws.close();
        return raw !== null;
      })
      .toBe(true);
  });
});
