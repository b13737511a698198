import { describe, expect, it } from 'vitest';
import { PLENARY_ID } from '../../shared/session/types.js';
import { DomainHarness } from '../helpers/domain.js';

/** Groups that open while the session runs join the running agenda; "all groups" never sends one backwards. */
function live() {
  const h = new DomainHarness(); // welcome p1, information p2, debate p3, drafting p4, vote p5, presentation p6
  const fac = h.join('Fatou', 'facilitator');
  const people = ['Ana', 'Ben', 'Cleo', 'Dan'].map((n) => h.join(n, 'participant'));
  h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
  h.advance(60_000);
  h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p3' } }, fac);
  h.advance(60_000);
  return { h, fac, people };
}

const phaseOf = (h: DomainHarness, id: string) => h.state.groups[id]!.phase?.phaseId ?? null;

describe('groups that open during a live session', () => {
  it('a draw in the debate: the new groups debate too, and "next" takes every group to drafting', () => {
    const { h, fac } = live();
    h.ok({ type: 'draw.make', groups: { count: 2 }, seed: 'tirage' }, fac);
    const drawn = h.state.groupOrder.filter((id) => id !== PLENARY_ID);
    expect(drawn).toHaveLength(2);
    const plenary = h.state.groups[PLENARY_ID]!.phase!;
    for (const id of drawn) {
      expect(h.state.groups[id]!.phase).toEqual({
        phaseId: 'p3',
        startedAt: h.now,
        plannedEndAt: plenary.plannedEndAt,
      });
    }
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'next', from: h.seen('all') }, fac);
    for (const id of h.state.groupOrder) expect(phaseOf(h, id)).toBe('p4');
  });

  it('group.create while live joins the plenary’s phase; before the session starts it waits', () => {
    const scheduled = new DomainHarness();
    const f = scheduled.join('F', 'facilitator');
    scheduled.ok({ type: 'group.create', name: 'Avant', groupId: 'before' }, f);
    expect(phaseOf(scheduled, 'before')).toBeNull();

    const { h, fac } = live();
    h.ok({ type: 'group.create', name: 'Pendant', groupId: 'during' }, fac);
    expect(phaseOf(h, 'during')).toBe('p3');
  });

  it('a draw fills a group that waited outside the agenda: it joins the phase its people come from', () => {
    const h = new DomainHarness();
    const fac = h.join('Fatou', 'facilitator');
    for (const n of ['Ana', 'Ben']) h.join(n, 'participant');
    h.ok({ type: 'group.create', name: 'A', groupId: 'ga' }, fac);
    // Only the plenary is started: group A waits outside the agenda.
    h.ok({ type: 'phase.goto', groupId: PLENARY_ID, to: { phaseId: 'p3' } }, fac);
    expect(phaseOf(h, 'ga')).toBeNull();
    h.ok({ type: 'draw.make', groups: { count: 1 }, groupIds: ['ga'], seed: 's' }, fac);
    expect(phaseOf(h, 'ga')).toBe('p3');
    // A group that already runs its own phase keeps it when a later draw refills it.
    h.ok({ type: 'phase.goto', groupId: 'ga', to: 'next', from: 'p3' }, fac);
    h.ok({ type: 'draw.make', groups: { count: 1 }, groupIds: ['ga'], seed: 't' }, fac);
    expect(phaseOf(h, 'ga')).toBe('p4');
  });

  it('"all groups" to an earlier phase is refused unless it says so, naming the groups it would send back', () => {
    const { h, fac } = live();
    h.ok({ type: 'draw.make', groups: { count: 2 }, seed: 'tirage' }, fac);
    const names = h.state.groupOrder.map((id) => `"${h.state.groups[id]!.name}"`).join(', ');
    const refused = h.run({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!refused.ok) expect(refused.error.message).toContain(names);
  });
});
