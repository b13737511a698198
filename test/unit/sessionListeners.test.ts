import { describe, expect, it, onTestFinished } from 'vitest';
import { recordingLog } from '../helpers/recordingLog.js';
import { MemoryEventStore } from '../../server/adapters/memory/memoryEventStore.js';
import { SessionService } from '../../server/core/sessionService.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { sessionDriver } from '../helpers/sessionDriver.js';

/**
 * What the session service does when the parts around it fail (server/core/sessionService.ts): a listener
 * that throws, and a store that cannot be read while catching up. Neither may stop the others nor go unsaid.
 */

type Line = { level: 'warn' | 'error'; msg: string; fields: Record<string, unknown> | undefined };

/** The warnings and errors a service logs, in `lines`. */
function problemsInto(lines: Line[]) {
  return recordingLog((level, msg, fields) => {
    if (level === 'warn' || level === 'error') lines.push({ level, msg, fields });
  });
}

/**
 * A shared store seen through a lossy feed: notifications can be dropped (as a lost publish), so a process
 * holding the session must read what it missed, and reads can be made to fail.
 */
class LossyStore extends MemoryEventStore {
  failReads = false;
  drop = 0;
  override read(sessionId: string, afterVersion?: number): Promise<SessionEvent[]> {
    if (this.failReads) return Promise.reject(new Error('store unreachable'));
    return super.read(sessionId, afterVersion);
  }
  override subscribe(listener: (sessionId: string, events: SessionEvent[]) => void): () => void {
    return super.subscribe((sessionId, events) => {
      if (this.drop > 0) this.drop--;
      else listener(sessionId, events);
    });
  }
}

async function twoProcesses() {
  const store = new LossyStore();
  const clock = new FakeClock();
  const lines: Line[] = [];
  const here = new SessionService(store, clock, undefined, { log: problemsInto(lines) });
  const there = new SessionService(store, clock);
  onTestFinished(async () => {
    await here.close();
    await there.close();
  });
  const { id } = await there.create({
    title: 'Écoute',
    agenda: [
      { id: 'welcome', kind: 'welcome', durationSec: 600 },
      { id: 'debate', kind: 'debate', durationSec: 3600 },
    ],
  });
  await here.get(id);
  return { store, here, there, id, lines };
}

describe('session service when what is around it fails', () => {
  it('logs a listener that throws, with its cause, and still tells the other listeners', async () => {
    const clock = new FakeClock();
    const lines: Line[] = [];
    const sessions = new SessionService(new MemoryEventStore(), clock, undefined, {
      log: problemsInto(lines),
    });
    onTestFinished(() => sessions.close());
    const { id } = await sessions.create({ title: 'Écoute' });
    const heard: string[] = [];
    sessions.onEvents(() => {
      throw new Error('boom');
    });
    sessions.onEvents((_id, events) => heard.push(...events.map((e) => e.type)));
    const { join } = sessionDriver(sessions, id);
    await join('Ana', 'participant');
    expect(heard).toContain('member.joined');
    const failed = lines.filter((l) => l.msg === 'a session listener failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({ level: 'error', fields: { sessionId: id } });
    expect(((failed[0]!.fields!.err as Error).cause as Error).message).toBe('boom');
  });

  it('logs a catch-up the store could not serve, and catches up on the next notification', async () => {
    const { store, here, there, id, lines } = await twoProcesses();
    const { join } = sessionDriver(there, id);
    store.failReads = true;
    // Ana's arrival is lost on the feed: Ben's then shows a gap, which must be read, and the read fails.
    store.drop = 1;
    await join('Ana', 'participant');
    await join('Ben', 'participant');
    await expect
      .poll(() => lines.map((l) => l.msg))
      .toContain('catching up with the session log failed; the next event or reconnection retries');
    const warned = lines.find((l) => l.msg.startsWith('catching up'))!;
    expect(warned).toMatchObject({ level: 'warn', fields: { sessionId: id } });
    expect((warned.fields!.err as Error).message).toBe('store unreachable');
    const stale = here.peek(id)!.version;
    expect(stale).toBeLessThan(there.peek(id)!.version);
    store.failReads = false;
    await join('Carla', 'participant');
    await expect.poll(() => here.peek(id)!.version).toBe(there.peek(id)!.version);
    expect(Object.values(here.peek(id)!.members).map((m) => m.name)).toEqual(['Ana', 'Ben', 'Carla']);
  });

  it("decides a refusal again on the log's current state when another process moved the session", async () => {
    const { store, here, there, id } = await twoProcesses();
    const onThere = sessionDriver(there, id);
    const fac = await onThere.join('Fatou', 'facilitator');
    const ana = await onThere.join('Ana', 'participant');
    await expect.poll(() => here.peek(id)!.members[ana.memberId]).toBeDefined();
    // The debate opens through the other process, and this one has not heard of it yet.
    store.drop = 1;
    await onThere.run({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'debate' } }, fac);
    expect(here.peek(id)!.version).toBeLessThan(there.peek(id)!.version);
    // Ana's hand, raised through this process, is taken, not refused as outside the debate.
    const raised = await here.execute(id, { type: 'hand.raise' }, ana);
    expect(raised).toMatchObject({ ok: true });
    await expect.poll(() => there.peek(id)!.groups.plenary!.queue.entries.length).toBe(1);
    // A refusal that stands on the current state is still a refusal.
    const twice = await here.execute(id, { type: 'hand.raise' }, ana);
    expect(twice).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
