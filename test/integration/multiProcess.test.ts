import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { PalabreClient } from '../../client/sdk/palabreClient.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { startProcess } from '../helpers/processes.js';
import type { ServerProcess } from '../helpers/processes.js';
import { uniquePrefix } from '../helpers/redis.js';
import { ADMIN_TOKEN, connectClient } from '../helpers/server.js';
import { seenPhase } from '../../shared/session/phases/expectations.js';

async function threeProcesses(redisUrl: string): Promise<ServerProcess[]> {
  const env = { REDIS_URL: redisUrl, REDIS_PREFIX: uniquePrefix('mp') };
  return Promise.all([startProcess(env), startProcess(env), startProcess(env)]);
}

async function createSession(url: string, body: Record<string, unknown> = {}) {
  const response = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Assemblée citoyenne', ...body }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { session: { id: string; groupOrder: string[] }; invites: any };
}

describe('several processes sharing one Redis', () => {
  it('a command on one process reaches clients on the others, in the same order', async () => {
    const [a, b, c] = await threeProcesses(inject('redisUrl'));
    const { session, invites } = await createSession(a!.url, { groups: [{ name: 'Groupe 1' }] });
    const gid = session.groupOrder[1]!;
    const fac = await connectClient(a!.url, { token: invites.facilitator.token, name: 'Fatou' });
    const onB = await connectClient(b!.url, { token: invites.participant.token, name: 'Ana' });
    const onC = await connectClient(c!.url, { token: invites.observer.token, name: 'Presse' });

    for (const to of ['first', 'next', 'next'] as const) {
      const from = to === 'first' ? undefined : seenPhase(fac.state!, 'all');
      expect(await fac.command({ type: 'phase.goto', groupId: 'all', to, from })).toMatchObject({ ok: true });
    }
    const moved = await fac.command({ type: 'member.move', memberId: onB.memberId!, groupId: gid });
    const version = moved.ok ? moved.version : Infinity;
    for (const client of [fac, onB, onC]) {
      const state = await client.waitFor((s) => s.version >= version);
      expect(state.groups[PLENARY_ID]!.phase!.phaseId).toBe('p3');
      expect(state.members[onB.memberId!]!.groupId).toBe(gid);
    }
    // Commands from clients on B and C land in the same log.
    expect(await onB.command({ type: 'member.rename', name: 'Ana L.' })).toMatchObject({ ok: true });
    await fac.waitFor((s) => s.members[onB.memberId!]!.name === 'Ana L.');
    expect(await onC.command({ type: 'member.rename', name: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // Every process holds the same versioned state.
    const views = await Promise.all(
      [a!, b!, c!].map(async (p) => {
        const res = await fetch(`${p.url}/api/sessions/${session.id}`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        return ((await res.json()) as { session: { version: number; headHash: string } }).session;
      }),
    );
    expect(new Set(views.map((v) => `${v.version}:${v.headHash}`)).size).toBe(1);
  });

  it('concurrent commands on three processes all land, each exactly once', async () => {
    const processes = await threeProcesses(inject('redisUrl'));
    const { invites } = await createSession(processes[0]!.url);
    const facilitators = await Promise.all(
      processes.map((p, i) => connectClient(p.url, { token: invites.facilitator.token, name: `F${i}` })),
    );
    const acks = await Promise.all(
      facilitators.flatMap((f, i) =>
        Array.from({ length: 5 }, (_, n) => f.command({ type: 'announcement.make', text: `${i}-${n}` })),
      ),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    const versions = acks.map((a) => (a.ok ? a.version : 0));
    expect(new Set(versions).size).toBe(15);
    for (const f of facilitators) {
      const state = await f.waitFor((s) => s.announcements.length === 15);
      expect(state.announcements.map((a) => a.text).sort()).toHaveLength(15);
    }
  });

  it('kill -9 of a process: its clients fail over to another and lose nothing acknowledged', async () => {
    const [a, b] = await threeProcesses(inject('redisUrl'));
    const { invites } = await createSession(a!.url);
    const fac = await connectClient(b!.url, { token: invites.facilitator.token, name: 'Fatou' });
    const ana = new PalabreClient({
      url: [a!.url, b!.url],
      token: invites.participant.token,
      name: 'Ana',
      failoverAfter: 1,
      socket: { reconnectionDelay: 50, reconnectionDelayMax: 200 },
    });
    await ana.connect();
    const memberId = ana.memberId;
    expect(await ana.command({ type: 'member.rename', name: 'Ana avant' })).toMatchObject({ ok: true });

    await a!.kill('SIGKILL');
    // The facilitator keeps working on B while A is dead.
    const during = await fac.command({ type: 'announcement.make', text: 'pendant la panne' });
    expect(during.ok).toBe(true);

    // Ana comes back through B as the same member and catches up with what she missed.
    const state = await ana.waitFor(
      (s) => s.announcements.some((x) => x.text === 'pendant la panne'),
      15_000,
    );
    expect(ana.memberId).toBe(memberId);
    expect(state.members[memberId!]!.name).toBe('Ana avant');
    expect(await ana.command({ type: 'member.rename', name: 'Ana après' })).toMatchObject({ ok: true });
    await fac.waitFor((s) => s.members[memberId!]!.name === 'Ana après');
    ana.close();
  });
});
