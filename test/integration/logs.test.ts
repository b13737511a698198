import { describe, expect, it, onTestFinished } from 'vitest';
import { createLogger } from '../../server/log.js';
import { DEBATE, forumWithGroup, openDocument, synced } from '../helpers/documents.js';
import { startServer } from '../helpers/server.js';

/** A scripted session against a server whose log lines are captured: one line for each kind operators need. */
describe('what the server logs', () => {
  it('requests, refused commands, refused document writes and closed connections, with ids and no secrets', async () => {
    const lines: Record<string, any>[] = [];
    onTestFinished(() => {
      if (process.env.SHOW_LOGS) console.log(lines.map((l) => JSON.stringify(l)).join('\n'));
    });
    const server = await startServer({
      overrides: { log: createLogger('info', (line) => lines.push(JSON.parse(line))) },
    });
    const forum = await forumWithGroup({ server });
    const { session, ana, observer, tokenOf } = forum;
    const find = (msg: string, extra: Record<string, unknown> = {}) =>
      lines.find((l) => l.msg === msg && Object.entries(extra).every(([k, v]) => l[k] === v));

    // A request: its id comes back in X-Request-Id; a token in the URL never reaches the log.
    const res = await fetch(`${server.url}/api/sessions/${session.id}?token=${tokenOf(ana)}`, {
      headers: { 'x-request-id': 'req-42' },
    });
    expect(res.headers.get('x-request-id')).toBe('req-42');
    await expect.poll(() => find('request completed', { sessionId: session.id })).toBeTruthy();
    const request = find('request completed', { sessionId: session.id })!;
    expect(request).toMatchObject({
      module: 'http',
      req: { id: 'req-42', method: 'GET' },
      res: { statusCode: 200 },
    });
    expect(request.req.url).toContain('token=[redacted]');

    // A refused command: who, which session, which command, why.
    const refused = await observer.command({ type: 'hand.raise' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(find('command refused', { memberId: observer.memberId })).toMatchObject({
      level: 'info',
      module: 'socket.io',
      sessionId: session.id,
      type: 'hand.raise',
      code: 'forbidden',
    });

    // A refused document write (no editing in the debate phase), then the connection closed with its code.
    await forum.goto(DEBATE);
    const doc = openDocument(server.url, session.id, forum.ga, tokenOf(ana));
    await synced(doc);
    doc.text.insert(0, 'hors phase');
    await doc.roundTrip();
    expect(find('document update refused', { memberId: ana.memberId })).toMatchObject({
      module: 'documents',
      sessionId: session.id,
      groupId: forum.ga,
      code: 'wrong_phase',
    });
    await server.stop();
    await expect
      .poll(() => find('document connection closed', { memberId: ana.memberId }))
      .toMatchObject({
        module: 'yjs',
        code: 4503,
      });
    expect(find('socket closed', { memberId: ana.memberId })).toMatchObject({ sessionId: session.id });

    // Names and tokens never appear, whatever the line.
    const text = JSON.stringify(lines);
    for (const secret of ['Ana', 'Fatou', tokenOf(ana), tokenOf(observer)])
      expect(text).not.toContain(secret);
  });
});
