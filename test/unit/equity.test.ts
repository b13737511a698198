import { describe, expect, it } from 'vitest';
import { gini, groupEquity, sessionEquity } from '../../shared/session/floor/equity.js';
import { replay } from '../../shared/session/evolve.js';
import { AUDIENCES, project, projectEvent } from '../../shared/session/project.js';
import { evolve } from '../../shared/session/evolve.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { DomainHarness } from '../helpers/domain.js';

describe('Gini coefficient', () => {
  it('matches known values', () => {
    expect(gini([])).toBe(0);
    expect(gini([5])).toBe(0);
    expect(gini([0, 0, 0])).toBe(0);
    expect(gini([1, 1, 1, 1])).toBe(0);
    expect(gini([0, 0, 0, 1])).toBeCloseTo(0.75);
    expect(gini([1, 2, 3, 4])).toBeCloseTo(0.25);
    expect(gini([4, 3, 2, 1])).toBeCloseTo(0.25); // order does not matter
    expect(gini([0, 10])).toBeCloseTo(0.5);
  });
});

function talk() {
  const h = new DomainHarness([{ id: 'debate', kind: 'debate', durationSec: 3600 }]);
  const fac = h.join('F', 'facilitator');
  const [ana, ben, cleo] = ['Ana', 'Ben', 'Cléo'].map((n) => h.join(n, 'participant')) as [
    ReturnType<DomainHarness['join']>,
    ReturnType<DomainHarness['join']>,
    ReturnType<DomainHarness['join']>,
  ];
  h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
  h.ok({ type: 'queue.settings', groupId: PLENARY_ID, autoAdvance: false }, fac);
  for (const [who, ms] of [
    [ana, 60_000],
    [ben, 20_000],
    [ana, 20_000],
  ] as const) {
    h.ok(
      { type: 'floor.give', groupId: PLENARY_ID, turnId: h.turn(PLENARY_ID), memberId: who.memberId },
      fac,
    );
    h.advance(ms);
    h.ok({ type: 'turn.end', groupId: PLENARY_ID, turnId: h.running(PLENARY_ID) }, fac);
  }
  return { h, fac, ana, ben, cleo };
}

describe('equity figures', () => {
  it('shares, Gini and who has not spoken, from the state', () => {
    const { h, ana, ben, cleo } = talk();
    const figures = groupEquity(h.state, PLENARY_ID);
    expect(figures.totalMs).toBe(100_000);
    const byId = Object.fromEntries(figures.members.map((m) => [m.memberId, m]));
    expect(byId[ana.memberId]).toMatchObject({ spokenMs: 80_000, turns: 2, share: 0.8 });
    expect(byId[ben.memberId]).toMatchObject({ spokenMs: 20_000, turns: 1, share: 0.2 });
    expect(byId[cleo.memberId]).toMatchObject({ spokenMs: 0, turns: 0, share: 0 });
    expect(figures.notYetSpoken).toEqual([cleo.memberId]);
    expect(figures.gini).toBeCloseTo(gini([80, 20, 0]));
    expect(sessionEquity(h.state).totalMs).toBe(100_000);
  });

  it('are the same when recomputed from the log, and count a running turn only when given now', () => {
    const { h, fac, cleo } = talk();
    expect(groupEquity(replay(h.log)!, PLENARY_ID)).toEqual(groupEquity(h.state, PLENARY_ID));
    h.ok(
      { type: 'floor.give', groupId: PLENARY_ID, turnId: h.turn(PLENARY_ID), memberId: cleo.memberId },
      fac,
    );
    h.advance(10_000);
    expect(groupEquity(h.state, PLENARY_ID).totalMs).toBe(100_000);
    expect(groupEquity(h.state, PLENARY_ID, h.now).totalMs).toBe(110_000);
    expect(groupEquity(h.state, PLENARY_ID, h.now).notYetSpoken).toEqual([]);
  });

  it('queue events keep projection and evolve commuting', () => {
    const { h } = talk();
    for (const audience of AUDIENCES) {
      let client = project(evolve(undefined, h.log[0]!), audience);
      for (const event of h.log.slice(1)) client = evolve(client, projectEvent(event, audience));
      expect(client).toEqual(project(h.state, audience));
    }
  });
});
