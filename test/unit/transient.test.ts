import { describe, expect, it } from 'vitest';
import { evolve, replay } from '../../shared/session/evolve.js';
import { inBatch, writable } from '../../shared/session/transient.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { DomainHarness } from '../helpers/domain.js';

describe('copy-on-write within a batch', () => {
  it('copies a record once per batch, and never outside one', () => {
    const record = { a: 1 };
    expect(writable(record)).not.toBe(record);
    inBatch(() => {
      const copy = writable(record);
      expect(copy).not.toBe(record);
      expect(writable(copy)).toBe(copy);
    });
  });

  it('a batched replay never changes the state it started from, and equals event-by-event evolve', () => {
    const h = new DomainHarness([{ id: 'debate', kind: 'debate', durationSec: 3600 }]);
    const fac = h.join('F', 'facilitator');
    const members = ['A', 'B', 'C'].map((n) => h.join(n, 'participant'));
    h.ok({ type: 'group.create', name: 'G', groupId: 'ga' }, fac);
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
    const start = h.log.length;
    const from = h.state;
    const frozen = JSON.stringify(from);
    for (const m of members) h.ok({ type: 'hand.raise' }, m);
    h.ok({ type: 'floor.give', groupId: PLENARY_ID, turnId: h.turn(PLENARY_ID) }, fac);
    h.advance(5000);
    h.ok({ type: 'turn.end', groupId: PLENARY_ID, turnId: h.running(PLENARY_ID) }, fac);
    const tail = h.log.slice(start);
    const batched = replay(tail, from);
    expect(JSON.stringify(from)).toBe(frozen);
    let stepwise = from;
    for (const e of tail) stepwise = evolve(stepwise, e);
    expect(batched).toEqual(stepwise);
    expect(batched).toEqual(h.state);
  });

  it('a batch of arrivals copies the members map once, and leaves the map of the state it started from as it was', () => {
    const h = new DomainHarness();
    h.join('F', 'facilitator');
    const start = h.log.length;
    for (const name of ['A', 'B', 'C']) h.join(name, 'participant');
    const tail = h.log.slice(start);
    expect(tail.filter((e) => e.type === 'member.joined')).toHaveLength(3);
    const from = replay(h.log.slice(0, start))!;
    const before = { ...from.members };
    inBatch(() => {
      let state = from;
      const maps = new Set<object>();
      for (const e of tail) {
        state = evolve(state, e);
        maps.add(state.members);
      }
      // One copy for the batch (each copy is O(members): 50 arrivals in a session of 10,000 were 50 copies).
      expect(maps.size).toBe(1);
      expect(state.members).not.toBe(from.members);
    });
    expect(from.members).toEqual(before);
    // Outside a batch every state keeps its own map (states that were published are never written to).
    const one = evolve(from, tail[0]!);
    expect(evolve(one, tail[1]!).members).not.toBe(one.members);
    expect(replay(tail, from)).toEqual(h.state);
  });
});
