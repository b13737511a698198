/**
 * Timer lateness of speaking turns: many groups of one session run short turns at once, the turn timers
 * expire them, and auto-advance hands the floor on. Lateness = `turn.ended`'s log time minus the turn's
 * `endsAt` (and, separately, the time the appended event reached listeners). Baseline: bare `setTimeout`
 * timers due at the same instants, in the same process, doing nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileEventStore } from '../../server/adapters/file/fileEventStore.js';
import { MemoryEventStore } from '../../server/adapters/memory/memoryEventStore.js';
import { systemClock } from '../../server/core/clock.js';
import { SessionService } from '../../server/core/sessionService.js';
import { TurnTimers } from '../../server/core/reactions/turnTimers.js';
import type { EventStore } from '../../server/ports/eventStore.js';
import type { Command } from '../../shared/session/commands.js';
import type { Actor } from '../../shared/session/types.js';
import { settleHeap, summary } from '../stats.js';

export interface LatenessOptions {
  groups: number;
  speakersPerGroup: number;
  turnSec: number;
  store: 'memory' | 'file';
}

async function openStore(
  kind: LatenessOptions['store'],
): Promise<{ store: EventStore; cleanup: () => Promise<void> }> {
  if (kind === 'memory') return { store: new MemoryEventStore(), cleanup: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'palabre-bench-'));
  const store = new FileEventStore(dir);
  await store.init();
  return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function measureTimerLateness(o: LatenessOptions) {
  const { store, cleanup } = await openStore(o.store);
  const sessions = new SessionService(store, systemClock);
  const timers = new TurnTimers(sessions, systemClock);
  timers.listen();
  const state = await sessions.create({
    title: 'Bench',
    agenda: [{ id: 'debate', kind: 'debate', durationSec: 3600, turnSec: o.turnSec }],
    groups: Array.from({ length: o.groups - 1 }, (_, i) => ({ name: `G${i}` })),
    settings: { maxMembers: o.groups * o.speakersPerGroup + 10 },
  });
  const id = state.id;
  const run = async (command: Command, actor: Actor) => {
    const r = await sessions.execute(id, command, actor);
    if (!r.ok) throw new Error(`${command.type}: ${r.error.message}`);
    return r;
  };
  const join = async (groupId: string, role: 'participant' | 'facilitator'): Promise<Actor> => {
    const r = await run({ type: 'member.join', name: 'M', role, groupId }, { kind: 'system' });
    const e = r.events.find((x) => x.type === 'member.joined');
    return { kind: 'member', memberId: e?.type === 'member.joined' ? e.data.memberId : '' };
  };
  const fac = await join(state.groupOrder[0]!, 'facilitator');
  await run({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
  for (const groupId of state.groupOrder) {
    for (let k = 0; k < o.speakersPerGroup; k++)
      await run({ type: 'hand.raise' }, await join(groupId, 'participant'));
  }

  const expected = o.groups * o.speakersPerGroup;
  const endsAt = new Map<string, number>();
  const byLog: number[] = [];
  const byListener: number[] = [];
  const deadlines: number[] = [];
  const finished = new Promise<void>((resolve) => {
    sessions.onEvents((_id, events) => {
      const seen = Date.now();
      for (const e of events) {
        if (e.type === 'turn.started') endsAt.set(e.data.turnId, e.data.endsAt);
        if (e.type === 'turn.ended' && e.data.reason === 'expired') {
          const due = endsAt.get(e.data.turnId)!;
          deadlines.push(due);
          byLog.push(e.at - due);
          byListener.push(seen - due);
        }
      }
      if (byLog.length >= expected) resolve();
    });
  });
  // The 1,000 joins of the setup leave garbage behind; collect it now rather than inside the window.
  settleHeap();
  // The server's timers are unref'd (they never hold a process open); this bench must wait for them.
  const keepAlive = setInterval(() => {}, 1000);
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    state.groupOrder.map((groupId) => run({ type: 'floor.give', groupId, turnId: null }, fac)),
  );
  const giveMs = Date.now() - t0;
  await finished;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(keepAlive);
  timers.stop();
  await sessions.close();
  await store.close();
  await cleanup();

  // Baseline: bare timers due at the same instants (shifted into the future), doing nothing.
  const first = Math.min(...deadlines);
  const shift = Date.now() + 200 - first;
  const baseline = await Promise.all(
    deadlines.map(
      (due) =>
        new Promise<number>((resolve) => {
          const at = due + shift;
          setTimeout(() => resolve(Date.now() - at), at - Date.now());
        }),
    ),
  );
  return {
    store: o.store,
    groups: o.groups,
    turns: byLog.length,
    floorGivenToAllGroupsMs: giveMs,
    cpuMsPerTurn: Math.round(((cpu.user + cpu.system) / 1000 / expected) * 1000) / 1000,
    latenessLogMs: summary(byLog),
    latenessAppliedMs: summary(byListener),
    baselineSetTimeoutMs: summary(baseline),
  };
}
