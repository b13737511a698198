import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUpdate, MessageType } from '../../server/core/documents/messages.js';
import { documentId } from '../../server/ports/documentStore.js';
import { sessionDriver } from '../helpers/sessionDriver.js';
import { unitDocuments } from '../helpers/unitDocuments.js';

/**
 * The document write gate as the document service applies it to every update of a connection
 * (server/core/documents/documentService.ts `mayWrite`): the session's current state decides, so a phase
 * change, a removal or an observer's invite takes effect on the next update. Written from the survivors of
 * `npm run mutate -- documents`.
 */

async function room() {
  const { sessions, access, store, documents } = unitDocuments();
  const session = await sessions.create({
    title: 'T',
    groups: [{ name: 'A' }, { name: 'B' }],
    agenda: [
      { id: 'debate', kind: 'debate', durationSec: 600 },
      { id: 'drafting', kind: 'drafting', durationSec: 600 },
    ],
  });
  const sessionId = session.id;
  const groupId = session.groupOrder[1]!;
  const { run, join } = sessionDriver(sessions, sessionId);
  const fac = await join('F', 'facilitator', groupId);
  const anaId = (await join('Ana', 'participant', groupId)).memberId;
  const goto = (phaseId: string) => run({ type: 'phase.goto', groupId: 'all', to: { phaseId } }, fac);

  /** Opens a connection with `token` and returns a writer that sends one text edit and reports the denials. */
  const connect = async (token: string) => {
    const denied: string[] = [];
    const closed: string[] = [];
    const opened = await documents.open(sessionId, groupId, token, {
      send: (frame: Uint8Array) => {
        const d = decoding.createDecoder(frame);
        if (decoding.readVarUint(d) === MessageType.Auth && decoding.readVarUint(d) === 0) {
          denied.push(decoding.readVarString(d));
        }
      },
      close: (error) => closed.push(error.code),
      pause: () => undefined,
      resume: () => undefined,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    opened.connection.start();
    const doc = new Y.Doc();
    const write = (text: string) => {
      const before = Y.encodeStateVector(doc);
      doc.getText('t').insert(0, text);
      opened.connection.receive(encodeUpdate(Y.encodeStateAsUpdate(doc, before)));
    };
    return { denied, closed, write };
  };
  /** The text the store holds for the group's document. */
  const stored = async () => {
    const doc = new Y.Doc();
    for (const u of (await store.load(documentId(sessionId, groupId))).updates) Y.applyUpdate(doc, u);
    return doc.getText('t').toString();
  };
  return { access, sessionId, groupB: session.groupOrder[2]!, run, fac, anaId, goto, connect, stored };
}

describe('the document write gate', () => {
  it("follows the group's phase: refused while debating, taken once drafting starts", async () => {
    const { access, sessionId, anaId, goto, connect, stored } = await room();
    await goto('debate');
    const ana = await connect(access.resume(sessionId, anaId).token);
    ana.write('a');
    expect(ana.denied).toEqual([expect.stringMatching(/^wrong_phase: /)]);
    await goto('drafting');
    ana.write('b');
    await expect.poll(stored).toContain('b');
    expect(ana.denied).toHaveLength(1);
  });

  it('refuses an observer watching with an invite: read-only', async () => {
    const { access, sessionId, goto, connect } = await room();
    await goto('drafting');
    const watcher = await connect(access.invite(sessionId, 'observer').token);
    watcher.write('x');
    expect(watcher.denied).toEqual(['forbidden: observers are read-only']);
  });

  it('a member moved to another group keeps reading but may no longer write; a removed one is disconnected', async () => {
    const { access, sessionId, groupB, run, fac, anaId, goto, connect, stored } = await room();
    await goto('drafting');
    const ana = await connect(access.resume(sessionId, anaId).token);
    ana.write('a');
    await expect.poll(stored).toBe('a');
    await run({ type: 'member.move', memberId: anaId, groupId: groupB }, fac);
    ana.write('b');
    expect(ana.denied).toEqual(['forbidden: participants edit only their own group']);
    expect(ana.closed).toEqual([]);
    await run({ type: 'member.remove', memberId: anaId }, fac);
    expect(ana.closed).toEqual(['not_member']);
  });
});
