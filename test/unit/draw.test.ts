import { describe, expect, it } from 'vitest';
import { drawGroups, groupSizes, seededRandom, shuffle } from '../../shared/session/outcomes/draw.js';
import type { DrawPerson } from '../../shared/session/outcomes/draw.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { DomainHarness } from '../helpers/domain.js';

/** A population with known counts of each value: `spec` maps attribute → value → count, dealt in turn. */
function population(n: number, spec: Record<string, Record<string, number>>): DrawPerson[] {
  const people: DrawPerson[] = Array.from({ length: n }, (_, i) => ({
    id: `m${String(i).padStart(3, '0')}`,
    attributes: {},
  }));
  let shift = 0;
  for (const [attribute, counts] of Object.entries(spec)) {
    const values = Object.entries(counts).flatMap(([value, count]) => Array<string>(count).fill(value));
    expect(values).toHaveLength(n);
    // Rotate each attribute differently so attributes are not perfectly correlated.
    values.forEach((value, i) => (people[(i * 7 + shift) % n]!.attributes[attribute] = value));
    shift += 3;
  }
  return people;
}

/** For each group and attribute value: |count - fair share| must be below 1. */
function expectBalanced(groups: string[][], people: DrawPerson[], attributes: string[]) {
  const byId = new Map(people.map((p) => [p.id, p]));
  for (const attribute of attributes) {
    const totals = new Map<string, number>();
    for (const p of people) {
      const v = p.attributes[attribute]!;
      totals.set(v, (totals.get(v) ?? 0) + 1);
    }
    for (const group of groups) {
      for (const [value, total] of totals) {
        const count = group.filter((id) => byId.get(id)!.attributes[attribute] === value).length;
        const fair = (total * group.length) / people.length;
        expect(
          Math.abs(count - fair),
          `${attribute}=${value}: ${count} in a group of ${group.length}`,
        ).toBeLessThan(1);
      }
    }
  }
}

describe('the seeded generator', () => {
  it('gives the same numbers for the same seed and different ones for another', () => {
    const a = seededRandom('forum-2026');
    const b = seededRandom('forum-2026');
    const c = seededRandom('forum-2027');
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('shuffles reproducibly and keeps every item', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const once = shuffle(items, seededRandom('s'));
    expect(shuffle(items, seededRandom('s'))).toEqual(once);
    expect([...once].sort((x, y) => x - y)).toEqual(items);
  });
});

describe('drawing groups by lot', () => {
  it('splits evenly and reproducibly from the seed', () => {
    const people = population(10, {});
    const input = { seed: 'abc', population: people, groupCount: 3, stratifyBy: [] };
    const groups = drawGroups(input);
    expect(groups.map((g) => g.length)).toEqual([4, 3, 3]);
    expect(groups.flat().sort()).toEqual(people.map((p) => p.id).sort());
    expect(drawGroups(input)).toEqual(groups);
    expect(drawGroups({ ...input, seed: 'abd' })).not.toEqual(groups);
    expect(groupSizes(7, 7)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('balances two attributes across groups on a known population', () => {
    const people = population(24, {
      age: { '18-29': 8, '30-59': 8, '60+': 8 },
      gender: { f: 12, m: 12 },
    });
    for (const seed of ['one', 'two', 'three', 'four']) {
      const groups = drawGroups({ seed, population: people, groupCount: 4, stratifyBy: ['age', 'gender'] });
      expect(groups.map((g) => g.length)).toEqual([6, 6, 6, 6]);
      expectBalanced(groups, people, ['age', 'gender']);
    }
  });

  it('stays within one person of even on uneven counts and group sizes', () => {
    const people = population(23, {
      quartier: { Nord: 11, Sud: 7, Centre: 5 },
      age: { jeune: 6, adulte: 12, senior: 5 },
    });
    for (const seed of ['x', 'y', 'z']) {
      const groups = drawGroups({ seed, population: people, groupCount: 3, stratifyBy: ['quartier', 'age'] });
      expect(groups.map((g) => g.length)).toEqual([8, 8, 7]);
      expectBalanced(groups, people, ['quartier', 'age']);
      expect(
        drawGroups({ seed, population: people, groupCount: 3, stratifyBy: ['quartier', 'age'] }),
      ).toEqual(groups);
    }
  });
});

describe('the draw command', () => {
  function room() {
    const h = new DomainHarness();
    const fac = h.join('F', 'facilitator');
    const ages = ['jeune', 'adulte', 'senior'];
    for (let i = 0; i < 12; i++) h.join(`P${i}`, 'participant', undefined, { age: ages[i % 3]! });
    h.join('Obs', 'observer');
    return { h, fac };
  }

  it('creates the groups, moves participants, and records seed and assignment in the log', () => {
    const { h, fac } = room();
    h.ok({ type: 'group.create', name: 'Existant', groupId: 'g-old' }, fac);
    const events = h.ok(
      { type: 'draw.make', groups: { count: 3 }, seed: 'graine', stratifyBy: ['age'] },
      fac,
    );
    const draw = events.find((e) => e.type === 'draw.made');
    if (draw?.type !== 'draw.made') throw new Error('no draw.made');
    expect(draw.data.seed).toBe('graine');
    expect(draw.data.assignment.map((a) => a.groupId)[0]).toBe('g-old');
    expect(events.filter((e) => e.type === 'group.created')).toHaveLength(2);
    const participants = Object.values(h.state.members).filter((m) => m.role === 'participant');
    for (const { groupId, memberIds } of draw.data.assignment) {
      expect(memberIds).toHaveLength(4);
      for (const id of memberIds) expect(h.state.members[id]!.groupId).toBe(groupId);
      const ages = memberIds.map((id) => h.state.members[id]!.attributes.age).sort();
      expect(new Set(ages).size).toBe(3);
    }
    expect(participants.every((m) => m.groupId !== PLENARY_ID)).toBe(true);
    // Observers and facilitators are not drawn.
    expect(Object.values(h.state.members).filter((m) => m.groupId === PLENARY_ID)).toHaveLength(2);

    // Anyone with the log re-runs the draw and gets the same groups.
    const again = drawGroups({
      seed: draw.data.seed,
      population: draw.data.population.map((id) => ({ id, attributes: draw.data.profiles[id] ?? {} })),
      groupCount: draw.data.groupCount,
      stratifyBy: draw.data.stratifyBy,
    });
    expect(again).toEqual(draw.data.assignment.map((a) => a.memberIds));

    // Facilitators adjust by hand afterwards.
    const someone = draw.data.assignment[0]!.memberIds[0]!;
    h.ok({ type: 'member.move', memberId: someone, groupId: draw.data.assignment[1]!.groupId }, fac);
  });

  it('makes groups of a given size and refuses impossible draws', () => {
    const { h, fac } = room();
    const events = h.ok({ type: 'draw.make', groups: { size: 5 }, seed: 's' }, fac);
    expect(events.filter((e) => e.type === 'group.created')).toHaveLength(3);
    expect(h.run({ type: 'draw.make', groups: { count: 13 } }, fac)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    const observer = Object.values(h.state.members).find((m) => m.role === 'observer')!;
    expect(h.run({ type: 'draw.make', groups: { count: 1 }, memberIds: [observer.id] }, fac)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
  });

  it('imports attributes by hand, merging, and an empty value removes one', () => {
    const { h, fac } = room();
    const p0 = Object.values(h.state.members).find((m) => m.name === 'P0')!;
    h.ok({ type: 'attributes.set', members: { [p0.id]: { quartier: 'Nord' } } }, fac);
    expect(h.state.members[p0.id]!.attributes).toEqual({ age: 'jeune', quartier: 'Nord' });
    h.ok({ type: 'attributes.set', members: { [p0.id]: { age: '' } } }, fac);
    expect(h.state.members[p0.id]!.attributes).toEqual({ quartier: 'Nord' });
    h.ok({ type: 'attributes.set', members: { [p0.id]: { x: '1' } }, replace: true }, fac);
    expect(h.state.members[p0.id]!.attributes).toEqual({ x: '1' });
  });
});
