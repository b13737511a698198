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
});
