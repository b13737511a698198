import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import type { PalabreClient } from '../../client/sdk/palabreClient.js';
import { verifyChain } from '../../server/core/hashChain.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { seenPhase } from '../../shared/session/phases/expectations.js';
import { openDocument, synced } from '../helpers/documents.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { SessionRetention } from '../../server/core/reactions/sessionRetention.js';
import { uniquePrefix } from '../helpers/redis.js';
import { verifyLog } from '../helpers/verifyLog.js';
import { ADMIN_TOKEN, connectClient, startServer } from '../helpers/server.js';
import { startProcess } from '../helpers/processes.js';
import type { TestServer } from '../helpers/server.js';

/** A name and an attribute value found nowhere else, so a search for them cannot match by chance. */
const NAME = 'Anaïs Quenelle-Dubreuil';
const ATTRIBUTE = 'Belleville-Nord-Ouest';

async function ok(client: PalabreClient, command: Parameters<PalabreClient['command']>[0]): Promise<number> {
  const result = await client.command(command);
  if (!result.ok) throw new Error(`${command.type}: ${result.error.message}`);
  return result.version;
}

/**
 * A session that stored something in every store: members with a name and attributes (joined, renamed,
 * imported), a draw, a document with a recorded version, a secret ballot.
 */
async function fullSession(server: TestServer) {
  const { session, invites } = await server.createSession({ groups: [{ name: 'Mobilités' }] });
  const gid = session.groupOrder[1]!;
  const fac = await connectClient(server.url, { token: invites.facilitator.token, name: 'Fatou' });
  const ana = await connectClient(server.url, {
    token: invites.participant.token,
    name: 'Ana',
    attributes: { quartier: ATTRIBUTE },
  });
  const ben = await connectClient(server.url, { token: invites.participant.token, name: 'Ben' });
  await ok(ana, { type: 'member.rename', name: NAME });
  await ok(fac, {
    type: 'attributes.set',
    members: { [ana.memberId!]: { age: '30-44', quartier: ATTRIBUTE } },
  });
  await ok(fac, { type: 'draw.make', groups: { count: 1 }, stratifyBy: ['quartier'] });
  for (const m of [ana, ben]) await ok(fac, { type: 'member.move', memberId: m.memberId!, groupId: gid });
  await ok(fac, { type: 'phase.goto', groupId: 'all', to: { phaseId: 'p4' } });
  const doc = openDocument(server.url, session.id, gid, ana.welcome!.resumeToken);
  await synced(doc);
  doc.text.insert(0, 'Pistes cyclables');
  await doc.roundTrip();
  await ok(fac, { type: 'phase.goto', groupId: 'all', to: 'next', from: seenPhase(fac.state!, 'all') });
  await fac.waitFor((s) => (s.documents?.[gid]?.versions.length ?? 0) > 0);
  const opened = await ok(fac, {
    type: 'vote.open',
    groupId: gid,
    method: { kind: 'approval' },
    items: [{ title: 'Pistes' }, { title: 'Bancs' }],
  });
  const vote = (await ana.waitFor((s) => s.version >= opened)).votes[0]!;
  await ok(ana, { type: 'ballot.cast', voteId: vote.id, ballot: { [vote.items[0]!.id]: true } });
  return { session, fac, ana, ben, gid, doc };
}

async function exportLog(server: TestServer, sessionId: string, query = '') {
  const res = await fetch(`${server.url}/api/sessions/${sessionId}/log?format=json${query}`, {
    headers: { authorization: `Bearer ${'test-admin-token-0123456789'}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { events: SessionEvent[]; headHash: string };
}

async function filesUnder(dir: string): Promise<{ path: string; text: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return Promise.all(
    entries
      .filter((e) => e.isFile())
      .map(async (e) => {
        const path = join(e.parentPath, e.name);
        return { path, text: (await readFile(path)).toString('latin1') };
      }),
  );
}

/** Every key under `prefix`, with its values as text (streams, hashes, strings). */
async function redisDump(redis: Redis, prefix: string): Promise<{ key: string; text: string }[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  return Promise.all(
    keys.map(async (key) => {
      const type = await redis.type(key);
      const value =
        type === 'stream'
          ? await redis.xrange(key, '-', '+')
          : type === 'hash'
            ? await redis.hgetall(key)
            : type === 'set'
              ? await redis.smembers(key)
              : type === 'string'
                ? (await redis.getBuffer(key))?.toString('latin1')
                : type;
      return { key, text: JSON.stringify(value) };
    }),
  );
}

describe('personal data', () => {
  it('erasing a member keeps verify-log passing and removes their name from the export, the report and every store', async () => {
    const server = await startServer();
    const { session, ana, fac } = await fullSession(server);
    // Erasure requests come most often after the forum: the session has ended (its log is read-only).
    await ok(fac, { type: 'session.end' });
    const before = await exportLog(server, session.id);
    expect(JSON.stringify(before.events)).toContain(NAME);
    // On disk the name and the attribute are in the personal data store only, never in the log.
    const logFile = (await filesUnder(server.dataDir)).find((f) => f.path.endsWith(`${session.id}.jsonl`))!;
    expect(logFile.text).not.toContain(NAME);
    expect(logFile.text).not.toContain(ATTRIBUTE);

    const erased = await server.api('POST', `/api/sessions/${session.id}/members/${ana.memberId}/erase`, {
      reason: 'request 2026-114',
    });
    expect(erased).toMatchObject({ status: 200, body: { ok: true } });
    expect(
      await server.api('POST', `/api/sessions/${session.id}/members/${ana.memberId}/erase`, {}, ''),
    ).toMatchObject({
      status: 401,
    });

    const after = await exportLog(server, session.id);
    expect(verifyChain(after.events)).toEqual({ ok: true, count: after.events.length, head: after.headHash });
    // And as anyone checks it: the JSON-lines export through `npm run verify-log`, complete up to the head.
    const lines = await fetch(`${server.url}/api/sessions/${session.id}/log`, {
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
    }).then((r) => r.text());
    const file = join(server.dataDir, 'erased-export.jsonl');
    await writeFile(file, lines);
    const checked = await verifyLog(file, '--head', after.headHash);
    expect(checked, checked.stdout).toMatchObject({ code: 0 });
    expect(checked.stdout).toContain(`OK ${after.events.length} events`);
    await rm(file);
    // The chain is the same chain: every event before the erasure kept its hash.
    expect(after.events.slice(0, before.events.length).map((e) => e.hash)).toEqual(
      before.events.map((e) => e.hash),
    );
    const text = JSON.stringify(after.events);
    expect(text).not.toContain(NAME);
    expect(text).not.toContain(ATTRIBUTE);
    expect(after.events.at(-1)).toMatchObject({ type: 'member.erased', data: { memberId: ana.memberId } });

    for (const [lang, label] of [
      ['en', 'erased member'],
      ['fr', 'personne effacée'],
    ] as const) {
      const report = await fetch(`${server.url}/api/sessions/${session.id}/report?format=md&lang=${lang}`, {
        headers: { authorization: 'Bearer test-admin-token-0123456789' },
      }).then((r) => r.text());
      expect(report).not.toContain(NAME);
      expect(report).toContain(label);
    }
    for (const file of await filesUnder(server.dataDir)) {
      expect(file.text, file.path).not.toContain(NAME);
      expect(file.text, file.path).not.toContain(ATTRIBUTE);
    }

    // After a restart, read from disk alone: still erased, still verifying.
    await server.stop();
    const again = await startServer({ dataDir: server.dataDir });
    const reread = await exportLog(again, session.id);
    expect(verifyChain(reread.events).ok).toBe(true);
    expect(JSON.stringify(reread.events)).not.toContain(NAME);
    const state = await again.api('GET', `/api/sessions/${session.id}`);
    expect(state.body.session.members[ana.memberId!]).toMatchObject({ name: 'erased member', erased: true });
  });

  it('exports the log pseudonymised on request; it still verifies', async () => {
    const server = await startServer();
    const { session } = await fullSession(server);
    const exported = await exportLog(server, session.id, '&pseudonymise=1');
    const text = JSON.stringify(exported.events);
    for (const secret of [NAME, ATTRIBUTE, 'Fatou', 'Ben']) expect(text).not.toContain(secret);
    expect(text).toContain('Participant 1');
    expect(verifyChain(exported.events)).toMatchObject({ ok: true, head: exported.headHash });
  });

  it('deleting a session leaves no file on disk with its id, and closes its connections', async () => {
    const server = await startServer();
    const { session, fac, doc } = await fullSession(server);
    const other = await server.createSession({ title: 'Une autre' });
    expect((await filesUnder(server.dataDir)).some((f) => f.path.includes(session.id))).toBe(true);

    const closed = new Promise((resolve) => fac.on('status', (s) => s !== 'connected' && resolve(s)));
    expect(await server.api('DELETE', `/api/sessions/${session.id}`, undefined, '')).toMatchObject({
      status: 401,
    });
    expect(await server.api('DELETE', `/api/sessions/${session.id}`)).toMatchObject({ status: 200 });
    await closed;
    expect(await doc.closed).toMatchObject({ code: 4404 });

    for (const file of await filesUnder(server.dataDir)) {
      expect(file.path).not.toContain(session.id);
      expect(file.text, file.path).not.toContain(session.id);
    }
    expect(await server.api('GET', `/api/sessions/${session.id}`)).toMatchObject({ status: 404 });
    expect((await server.api('GET', '/api/sessions')).body.sessions.map((s: { id: string }) => s.id)).toEqual(
      [other.session.id],
    );
    expect(await server.api('DELETE', `/api/sessions/${session.id}`)).toMatchObject({ status: 404 });
  });

  it('with Redis: deleting leaves no key with the session id; erasing leaves the name in no key', async () => {
    const prefix = uniquePrefix('privacy');
    const server = await startServer({ env: { REDIS_URL: inject('redisUrl'), REDIS_PREFIX: prefix } });
    const redis = new Redis(inject('redisUrl'));
    onTestFinished(() => void redis.quit());
    const { session, ana } = await fullSession(server);
    const dump = await redisDump(redis, prefix);
    expect(dump.some((k) => k.key.includes(session.id))).toBe(true);
    expect(dump.filter((k) => k.text.includes(NAME)).map((k) => k.key)).toEqual([
      `${prefix}:{s:${session.id}}:personal`,
    ]);

    expect(
      await server.api('POST', `/api/sessions/${session.id}/members/${ana.memberId}/erase`, {}),
    ).toMatchObject({
      status: 200,
    });
    for (const { key, text } of await redisDump(redis, prefix)) {
      expect(text, key).not.toContain(NAME);
      expect(text, key).not.toContain(ATTRIBUTE);
    }
    expect(verifyChain((await exportLog(server, session.id)).events).ok).toBe(true);

    expect(await server.api('DELETE', `/api/sessions/${session.id}`)).toMatchObject({ status: 200 });
    for (const { key, text } of await redisDump(redis, prefix)) {
      expect(key).not.toContain(session.id);
      expect(text, key).not.toContain(session.id);
    }
  });
});

describe('erasure and deletion across processes', () => {
  it('an erasure or a deletion made through one process reaches the members connected to another', async () => {
    const env = { REDIS_URL: inject('redisUrl'), REDIS_PREFIX: uniquePrefix('privacy2') };
    const [a, b] = await Promise.all([startProcess(env), startProcess(env)]);
    const api = async (url: string, method: string, path: string) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const created = await fetch(`${a.url}/api/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Atelier', groups: [{ name: 'Mobilités' }] }),
    }).then((r) => r.json() as Promise<any>);
    const id = created.session.id as string;
    const gid = created.session.groupOrder[1] as string;
    const fac = await connectClient(a.url, { token: created.invites.facilitator.token, name: 'Fatou' });
    const ana = await connectClient(b.url, { token: created.invites.participant.token, name: NAME });
    const ben = await connectClient(b.url, { token: created.invites.participant.token, name: 'Ben' });
    for (const m of [ana, ben]) await ok(fac, { type: 'member.move', memberId: m.memberId!, groupId: gid });
    await ok(fac, { type: 'phase.goto', groupId: 'all', to: { phaseId: 'p4' } });
    const doc = openDocument(b.url, id, gid, ben.welcome!.resumeToken);
    await synced(doc);

    // Erased through a: Ben, on b, sees Ana's name go; b serves the session without it.
    expect(await api(a.url, 'POST', `/api/sessions/${id}/members/${ana.memberId}/erase`)).toMatchObject({
      status: 200,
    });
    await ben.waitFor((s) => s.members[ana.memberId!]?.erased === true, 5000);
    expect(JSON.stringify(ben.state)).not.toContain(NAME);
    const onB = await api(b.url, 'GET', `/api/sessions/${id}`);
    expect(onB.body.session.members[ana.memberId!]).toMatchObject({ name: 'erased member', erased: true });
    expect(JSON.stringify(onB.body)).not.toContain(NAME);

    // Deleted through a: b closes its sockets and documents for the session and no longer serves it.
    const closed = new Promise((resolve, reject) => {
      ben.on('status', (s) => s !== 'connected' && resolve(s));
      setTimeout(() => reject(new Error('process b kept the deleted session open')), 10_000);
    });
    expect(await api(a.url, 'DELETE', `/api/sessions/${id}`)).toMatchObject({ status: 200 });
    await closed;
    expect(await doc.closed).toMatchObject({ code: 4404 });
    expect(await api(b.url, 'GET', `/api/sessions/${id}`)).toMatchObject({ status: 404 });
  }, 60_000);
});

describe('retention (RETENTION_DAYS)', () => {
  it('deletes ended sessions once the period has passed since their end, and nothing else', async () => {
    const server = await startServer({ env: { RETENTION_DAYS: '30' } });
    const retention = server.palabre.reactions.find(
      (r) => r.name === 'session retention',
    ) as SessionRetention;
    expect(retention).toBeInstanceOf(SessionRetention);
    const ended = await server.createSession({ title: 'Terminée' });
    const running = await server.createSession({ title: 'En cours' });
    const fac = await connectClient(server.url, { token: ended.invites.facilitator.token, name: 'Fatou' });
    await ok(fac, { type: 'session.start' });
    await ok(fac, { type: 'session.end' });
    const other = await connectClient(server.url, {
      token: running.invites.facilitator.token,
      name: 'Fatou',
    });
    await ok(other, { type: 'session.start' });
    const ids = async () =>
      (await server.api('GET', '/api/sessions')).body.sessions.map((s: { id: string }) => s.id);

    // The same check the reaction runs every hour, seen from 29 days and then 31 days after the end.
    const at = (days: number) => {
      const clock = new FakeClock(Date.now() + days * 24 * 3600_000);
      return new SessionRetention(
        server.palabre.sessions,
        server.palabre.privacy,
        clock,
        server.palabre.log,
        30 * 24 * 3600_000,
      );
    };
    expect(await at(29).purge()).toEqual([]);
    expect(await ids()).toContain(ended.session.id);
    expect(await at(31).purge()).toEqual([ended.session.id]);
    expect(await ids()).toEqual([running.session.id]);
    expect(await server.api('GET', `/api/sessions/${ended.session.id}`)).toMatchObject({ status: 404 });
  });

  it('runs by itself: checked at start, then every hour, it deletes a session once the period has passed', async () => {
    const server = await startServer({ env: { RETENTION_DAYS: '30' } });
    // The period the server read from RETENTION_DAYS.
    const configured = server.palabre.reactions.find((r) => r.name === 'session retention') as unknown as {
      retentionMs: number;
    };
    expect(configured.retentionMs).toBe(30 * 24 * 3600_000);
    const { session, invites } = await server.createSession({ title: 'Terminée' });
    const fac = await connectClient(server.url, { token: invites.facilitator.token, name: 'Fatou' });
    await ok(fac, { type: 'session.start' });
    await ok(fac, { type: 'session.end' });
    const status = async () => (await server.api('GET', `/api/sessions/${session.id}`)).status;
    // The same reaction on a clock the test moves: 29 days, then 23 hours, then 2 hours after the end.
    const clock = new FakeClock(Date.now());
    const retention = new SessionRetention(
      server.palabre.sessions,
      server.palabre.privacy,
      clock,
      server.palabre.log,
      configured.retentionMs,
    );
    retention.start();
    onTestFinished(() => retention.stop());
    const checked = () => clock.pending() === 1;
    clock.advance(0); // the check at start
    await expect.poll(checked).toBe(true);
    clock.advance(29 * 24 * 3600_000);
    await expect.poll(checked).toBe(true);
    clock.advance(23 * 3600_000);
    await expect.poll(checked).toBe(true);
    expect(await status()).toBe(200);
    clock.advance(2 * 3600_000);
    await expect.poll(status).toBe(404);
  });
});
