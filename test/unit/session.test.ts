import { describe, expect, it } from 'vitest';
import { replay } from '../../shared/session/evolve.js';
import { presentMembers } from '../../shared/session/members/present.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import type { SessionState } from '../../shared/session/types.js';
import { DomainHarness } from '../helpers/domain.js';

const admin = { kind: 'admin' } as const;

function setup() {
  const h = new DomainHarness();
  const fac = h.join('Fatou', 'facilitator');
  const ana = h.join('Ana', 'participant');
  const ben = h.join('Ben', 'participant');
  const obs = h.join('Olga', 'observer');
  h.ok({ type: 'group.create', name: 'Groupe A', groupId: 'ga' }, fac);
  h.ok({ type: 'group.create', name: 'Groupe B', groupId: 'gb' }, fac);
  return { h, fac, ana, ben, obs };
}

describe('session lifecycle', () => {
  it('starts scheduled, goes live with the first phase, and ends read-only', () => {
    const { h, fac, ana } = setup();
    expect(h.state.status).toBe('scheduled');
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
    expect(h.state.status).toBe('live');
    expect(h.state.startedAt).toBe(h.now);
    h.ok({ type: 'session.end' }, fac);
    expect(h.state.status).toBe('ended');
    const after = h.run({ type: 'member.rename', name: 'Ana B.' }, ana);
    expect(after).toMatchObject({ ok: false, error: { code: 'session_ended' } });
    const byFacilitator = h.run({ type: 'phase.goto', groupId: 'all', to: 'next', from: h.seen('all') }, fac);
    expect(byFacilitator).toMatchObject({ ok: false, error: { code: 'session_ended' } });
  });

  it('refuses to start a live session twice', () => {
    const { h, fac } = setup();
    h.ok({ type: 'session.start' }, fac);
    expect(h.run({ type: 'session.start' }, fac)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
  });
});

describe('phases', () => {
  it('moves one group without touching the others', () => {
    const { h, fac } = setup();
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
    h.advance(60_000);
    h.ok({ type: 'phase.goto', groupId: 'ga', to: 'next', from: h.seen('ga') }, fac);
    expect(h.state.groups.ga!.phase!.phaseId).toBe('p2');
    expect(h.state.groups.gb!.phase!.phaseId).toBe('p1');
    expect(h.state.groups[PLENARY_ID]!.phase!.phaseId).toBe('p1');
  });

  it('moves all open groups at once: next, previous and jump', () => {
    const { h, fac } = setup();
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'next', from: h.seen('all') }, fac);
    for (const id of h.state.groupOrder) expect(h.state.groups[id]!.phase!.phaseId).toBe('p2');
    h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p4' } }, fac);
    for (const id of h.state.groupOrder) expect(h.state.groups[id]!.phase!.phaseId).toBe('p4');
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'previous', from: h.seen('all') }, fac);
    for (const id of h.state.groupOrder) expect(h.state.groups[id]!.phase!.phaseId).toBe('p3');
  });

  it('refuses next at the last phase and previous at the first, naming the group', () => {
    const { h, fac } = setup();
    h.ok({ type: 'phase.goto', groupId: 'ga', to: 'first' }, fac);
    const previous = h.run({ type: 'phase.goto', groupId: 'ga', to: 'previous', from: h.seen('ga') }, fac);
    expect(previous).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    h.ok({ type: 'phase.goto', groupId: 'ga', to: { phaseId: 'p6' } }, fac);
    const next = h.run({ type: 'phase.goto', groupId: 'ga', to: 'next', from: h.seen('ga') }, fac);
    expect(next.ok).toBe(false);
    if (!next.ok) expect(next.error.message).toContain('Groupe A');
    const unknown = h.run({ type: 'phase.goto', groupId: 'ga', to: { phaseId: 'nope' } }, fac);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('an all-groups move is all or nothing', () => {
    const { h, fac } = setup();
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
    h.ok({ type: 'phase.goto', groupId: 'gb', to: { phaseId: 'p6' } }, fac);
    const version = h.state.version;
    expect(h.run({ type: 'phase.goto', groupId: 'all', to: 'next', from: h.seen('all') }, fac).ok).toBe(
      false,
    );
    expect(h.state.version).toBe(version);
    expect(h.state.groups.ga!.phase!.phaseId).toBe('p1');
  });

  it('tracks the time box: planned end, overrun, and the runs as they happened', () => {
    const { h, fac } = setup();
    const start = h.now;
    h.ok({ type: 'phase.goto', groupId: 'ga', to: 'first' }, fac);
    const phase = h.state.groups.ga!.phase!;
    expect(phase.startedAt).toBe(start);
    expect(phase.plannedEndAt).toBe(start + 10 * 60_000);
    h.advance(12 * 60_000); // two minutes late
    h.ok({ type: 'phase.goto', groupId: 'ga', to: 'next', from: h.seen('ga') }, fac);
    const [run] = h.state.groups.ga!.phaseRuns;
    expect(run).toEqual({
      phaseId: 'p1',
      startedAt: start,
      plannedEndAt: start + 600_000,
      endedAt: start + 720_000,
    });
    h.advance(1000);
    h.ok({ type: 'phase.goto', groupId: 'ga', to: 'finish' }, fac);
    expect(h.state.groups.ga!.phase).toBeNull();
    expect(h.state.groups.ga!.phaseRuns).toHaveLength(2);
    const again = h.run({ type: 'phase.goto', groupId: 'ga', to: 'next', from: h.seen('ga') }, fac);
    expect(again).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });

  it('replaces the agenda but never drops a running phase', () => {
    const { h, fac } = setup();
    h.ok({ type: 'phase.goto', groupId: 'ga', to: { phaseId: 'p3' } }, fac);
    const dropping = h.run({ type: 'agenda.set', agenda: [{ kind: 'debate', durationSec: 60 }] }, fac);
    expect(dropping).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    h.ok(
      {
        type: 'agenda.set',
        agenda: [
          { id: 'p3', kind: 'debate', durationSec: 900 },
          { kind: 'custom', label: 'World café', durationSec: 1200, capabilities: { editing: true } },
        ],
      },
      fac,
    );
    expect(h.state.agenda.map((p) => p.title)).toEqual(['Debate', 'World café']);
    expect(h.state.agenda[1]!.capabilities).toEqual({ queue: false, editing: true, voting: false });
    expect(h.state.agenda[1]!.id).not.toBe('p3');
  });
});

describe('groups and members', () => {
  it('assigns, moves and brings members back when a group closes', () => {
    const { h, fac, ana, ben } = setup();
    h.ok({ type: 'member.move', memberId: ana.memberId, groupId: 'ga' }, fac);
    h.ok({ type: 'member.move', memberId: ben.memberId, groupId: 'ga' }, fac);
    h.ok({ type: 'member.move', memberId: ben.memberId, groupId: 'gb' }, fac);
    expect(h.state.members[ana.memberId]!.groupId).toBe('ga');
    expect(h.state.members[ben.memberId]!.groupId).toBe('gb');
    h.ok({ type: 'group.rename', groupId: 'ga', name: 'Mobilités' }, fac);
    expect(h.state.groups.ga!.name).toBe('Mobilités');
    h.ok({ type: 'group.close', groupId: 'ga' }, fac);
    expect(h.state.groups.ga!.status).toBe('closed');
    expect(h.state.members[ana.memberId]!.groupId).toBe(PLENARY_ID);
    expect(h.run({ type: 'member.move', memberId: ben.memberId, groupId: 'ga' }, fac)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    expect(h.run({ type: 'group.close', groupId: PLENARY_ID }, fac)).toMatchObject({ ok: false });
  });

  it('joins into the plenary by default, into an open group when invited there, and respects the cap', () => {
    const h = new DomainHarness();
    const fac = h.join('F', 'facilitator');
    h.ok({ type: 'group.create', name: 'A', groupId: 'ga' }, fac);
    const a = h.join('A', 'participant', 'ga');
    expect(h.state.members[a.memberId]!.groupId).toBe('ga');
    h.ok({ type: 'settings.update', maxMembers: 2 }, fac);
    const full = h.run({ type: 'member.join', name: 'Z', role: 'participant' }, { kind: 'system' });
    expect(full).toMatchObject({ ok: false, error: { code: 'limit_exceeded' } });
  });

  it('counts present members for the cap as joins and removals go, in and out of batches (as a recount)', () => {
    const h = new DomainHarness();
    const fac = h.join('F', 'facilitator');
    const joined = ['A', 'B', 'C', 'D'].map((n) => h.join(n, 'participant'));
    const recount = (s: SessionState) => Object.values(s.members).filter((m) => !m.removed).length;
    presentMembers(h.state.members);
    h.ok({ type: 'member.remove', memberId: joined[0]!.memberId }, fac);
    h.join('E', 'participant');
    expect(presentMembers(h.state.members)).toBe(5);
    expect(presentMembers(h.state.members)).toBe(recount(h.state));
    // A batch (replay) writes one copy of the map in place: the count follows each event of it.
    const k = h.log.length;
    const from = replay(h.log)!;
    presentMembers(from.members);
    h.ok({ type: 'member.remove', memberId: joined[1]!.memberId }, fac);
    h.join('G', 'participant');
    h.ok({ type: 'member.rename', name: 'C2' }, joined[2]!);
    h.ok({ type: 'member.remove', memberId: joined[3]!.memberId }, fac);
    const batched = replay(h.log.slice(k), from)!;
    expect(presentMembers(batched.members)).toBe(4);
    expect(presentMembers(batched.members)).toBe(recount(batched));
    expect(presentMembers(from.members)).toBe(5);
    expect(presentMembers(h.state.members)).toBe(recount(h.state));
    h.ok({ type: 'settings.update', maxMembers: 5 }, fac);
    h.join('H', 'participant');
    expect(h.run({ type: 'member.join', name: 'Z', role: 'participant' }, { kind: 'system' })).toMatchObject({
      ok: false,
      error: { code: 'limit_exceeded' },
    });
  });

  it('removed members can no longer act', () => {
    const { h, fac, ana } = setup();
    h.ok({ type: 'member.remove', memberId: ana.memberId }, fac);
    expect(h.run({ type: 'member.rename', name: 'X' }, ana)).toMatchObject({
      ok: false,
      error: { code: 'not_member' },
    });
    expect(h.run({ type: 'member.remove', memberId: fac.memberId }, fac).ok).toBe(false);
  });

  it('participants rename only themselves', () => {
    const { h, ana, ben } = setup();
    h.ok({ type: 'member.rename', name: 'Ana Lopez' }, ana);
    expect(h.state.members[ana.memberId]!.name).toBe('Ana Lopez');
    expect(h.run({ type: 'member.rename', memberId: ben.memberId, name: 'X' }, ana)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('announcements are recorded with their author', () => {
    const { h, fac } = setup();
    h.ok({ type: 'announcement.make', text: 'Retour en plénière dans 5 minutes' }, fac);
    expect(h.state.announcements).toEqual([
      { id: expect.any(String), text: 'Retour en plénière dans 5 minutes', at: h.now, by: fac.memberId },
    ]);
    expect(h.run({ type: 'announcement.make', text: 'hi' }, admin).ok).toBe(true);
  });
});

describe('logs written before the event renames', () => {
  it('replay, verify and project under the current names, keeping the stored ones', async () => {
    const { chain, verifyChain } = await import('../../server/core/hashChain.js');
    const { newEvent } = await import('../../shared/session/events.js');
    const { normalizeAgenda } = await import('../../shared/session/phases/schemas.js');
    const { replay } = await import('../../shared/session/evolve.js');
    const { projectEvent } = await import('../../shared/session/project.js');
    const agenda = normalizeAgenda([{ kind: 'drafting', durationSec: 60 }], 'fr');
    // What an older Palabre wrote: the same payloads under the old names.
    const legacy = [
      newEvent('session.created', {
        id: 's1',
        title: 'Ancienne',
        locale: 'fr',
        agenda,
        settings: { crossGroupReading: true, maxMembers: 10 },
      }),
      {
        type: 'agenda.set',
        data: { agenda: [...agenda, ...normalizeAgenda([{ kind: 'vote', durationSec: 60 }], 'fr')] },
      },
      { type: 'editing.set', data: { groupId: 'plenary', mode: 'open' } },
    ] as unknown as Parameters<typeof chain>[1];
    const log = chain({ version: 0, hash: '' }, legacy, 1_700_000_000_000, 'admin');
    expect(verifyChain(log)).toMatchObject({ ok: true, count: 3 });
    const state = replay(log)!;
    expect(state.agenda).toHaveLength(2);
    expect(state.documents?.plenary?.editing).toBe('open');
    expect(projectEvent(log[2]!, 'public').type).toBe('editing.set');
  });
});
