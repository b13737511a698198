import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { PalabreClient } from '../../client/sdk/palabreClient.js';
import { openDocument, synced } from '../helpers/documents.js';
import { startProcess } from '../helpers/processes.js';
import type { ServerProcess } from '../helpers/processes.js';
import { uniquePrefix } from '../helpers/redis.js';
import { serverApi } from '../helpers/server.js';
import { COMMANDS } from '../helpers/spawn.js';
import { startTcpProxy } from '../helpers/tcpProxy.js';

/**
 * What a supervisor does on a deploy: SIGTERM to the process the README tells it to run. Two of them here,
 * `npm start` and the documented `node dist/server/main.js`, each behind a proxy with a second process to
 * take over. While writers keep going, each process exits 0 — a graceful stop that ended before
 * SHUTDOWN_TIMEOUT_MS (past it the process exits 1) — its clients reconnect through the proxy by themselves,
 * and every command acknowledged and every document edit another client saw is still there afterwards.
 */
describe('graceful stop under a supervisor', () => {
  it('SIGTERM to npm start, then to node dist/server/main.js: exit 0, clients move on, nothing acknowledged lost', async () => {
    const env = {
      REDIS_URL: inject('redisUrl'),
      REDIS_PREFIX: uniquePrefix('stop'),
      SHUTDOWN_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'info',
    };
    // `npm start` builds the server first when the build is missing or older than the sources.
    const a = await startProcess(env, { command: COMMANDS.npmStart, startTimeoutMs: 170_000 });
    const b = await startProcess(env, { command: COMMANDS.built });
    const proxy = await startTcpProxy([a.url, b.url]);
    const { createSession } = serverApi(proxy.url);
    const { session, invites } = await createSession({ groups: [{ name: 'Mobilités' }] });
    const gid = session.groupOrder[1]!;

    const client = (options: { token: string; name: string }) => {
      const c = new PalabreClient({ url: proxy.url, ...options, socket: { reconnectionDelayMax: 200 } });
      onTestFinished(() => c.close());
      return c;
    };
    const fac = client({ token: invites.facilitator.token, name: 'Fatou' });
    const ana = client({ token: invites.participant.token, name: 'Ana' });
    await Promise.all([fac.connect(), ana.connect()]);
    expect(await fac.command({ type: 'member.move', memberId: ana.memberId!, groupId: gid })).toMatchObject({
      ok: true,
    });
    expect(await fac.command({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p4' } })).toMatchObject({
      ok: true,
    });
    const writer = openDocument(proxy.url, session.id, gid, ana.welcome!.resumeToken);
    const watcher = openDocument(proxy.url, session.id, gid, fac.welcome!.resumeToken);
    await Promise.all([synced(writer), synced(watcher)]);

    // Two writers that never stop while the processes do: announcements (acknowledged by the server) and
    // document edits (acknowledged when another client sees them: persisted before broadcast).
    const acked: string[] = [];
    const seen: string[] = [];
    let writing = true;
    const announce = (async () => {
      for (let n = 0; writing; n++) {
        const text = `annonce ${n}`;
        const result = await fac.command({ type: 'announcement.make', text }).catch(() => undefined);
        if (result?.ok) acked.push(text);
        else if (fac.status !== 'connected') {
          await new Promise<void>((resolve) => {
            const off = fac.on('status', (status) => status === 'connected' && (off(), resolve()));
          });
        }
      }
    })();
    const edit = (async () => {
      for (let n = 0; writing; n++) {
        const mark = `[${n}]`;
        writer.text.insert(writer.text.length, mark);
        await expect
          .poll(() => watcher.text.toString().includes(mark), { timeout: 15_000, interval: 20 })
          .toBe(true);
        seen.push(mark);
      }
    })();
    const progress = async (count: () => number) => {
      const from = count();
      await expect.poll(count, { timeout: 15_000, interval: 20 }).toBeGreaterThan(from + 3);
    };
    await Promise.all([progress(() => acked.length), progress(() => seen.length)]);

    const stop = async (proc: ServerProcess) => {
      await proc.kill('SIGTERM');
      expect(await proc.exited, proc.output()).toEqual({ code: 0, signal: null });
      await expect(fetch(proc.url)).rejects.toThrow();
      // Both writers carry on through the other process.
      await Promise.all([progress(() => acked.length), progress(() => seen.length)]);
    };
    await stop(a);
    const c = await startProcess(env);
    proxy.backends.push(c.url);
    await stop(b);
    writing = false;
    await Promise.all([announce, edit]);

    // Read back from the last process with a fresh connection: every acknowledged write is there.
    const reader = new PalabreClient({ url: c.url, resume: fac.welcome!.resumeToken });
    onTestFinished(() => reader.close());
    await reader.connect();
    const announced = reader.state!.announcements.map((x) => x.text);
    for (const text of acked) expect(announced).toContain(text);
    const fresh = openDocument(c.url, session.id, gid, fac.welcome!.resumeToken);
    await synced(fresh);
    await expect.poll(() => fresh.text.toString()).toBe(writer.text.toString());
    for (const mark of seen) expect(fresh.text.toString()).toContain(mark);
    expect(a.output()).toMatch(/"stopped"/);
    expect(b.output()).toMatch(/"stopped"/);
  }, 240_000);
});
