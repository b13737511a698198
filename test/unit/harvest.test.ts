import { describe, expect, it } from 'vitest';
import { PLENARY_ID } from '../../shared/session/types.js';
import { DomainHarness, versionRecord } from '../helpers/domain.js';

const system = { kind: 'system' } as const;

function twoGroups() {
  const h = new DomainHarness();
  const fac = h.join('F', 'facilitator');
  const ana = h.join('Ana', 'participant');
  const ben = h.join('Ben', 'participant');
  h.ok({ type: 'group.create', name: 'A', groupId: 'ga' }, fac);
  h.ok({ type: 'group.create', name: 'B', groupId: 'gb' }, fac);
  h.ok({ type: 'member.move', memberId: ana.memberId, groupId: 'ga' }, fac);
  h.ok({ type: 'member.move', memberId: ben.memberId, groupId: 'gb' }, fac);
  const rec = (id: string, title: string, author: string) => ({ id, title, body: '', authors: [author] });
  return { h, fac, ana, ben, rec };
}

describe('the harvest', () => {
  it('closes breakout groups, brings everyone back and keeps each recommendation’s origin', () => {
    const { h, fac, ana, ben, rec } = twoGroups();
    h.ok(versionRecord('ga', 'a1', [rec('r1', 'Old', ana.memberId)]), system);
    h.ok(versionRecord('ga', 'a2', [rec('r1', 'Bancs', ana.memberId)], { trigger: 1 }), system);
    // The same closing recorded twice (two processes): the second is refused (its bytes are discarded).
    expect(h.run(versionRecord('ga', 'a2-again', [], { trigger: 1 }), system)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    h.ok(versionRecord('gb', 'b1', [rec('r1', 'Arbres', ben.memberId)]), system);

    const events = h.ok({ type: 'harvest.collect' }, fac);
    expect(events.map((e) => e.type)).toEqual([
      'member.moved',
      'group.closed',
      'member.moved',
      'group.closed',
      'harvest.collected',
    ]);
    expect(h.state.harvested.map((i) => [i.title, i.groupId, i.versionId, i.sourceId, i.authors])).toEqual([
      ['Bancs', 'ga', 'a2', 'r1', [ana.memberId]],
      ['Arbres', 'gb', 'b1', 'r1', [ben.memberId]],
    ]);
    expect(h.state.members[ana.memberId]!.groupId).toBe(PLENARY_ID);
    // Nothing left to bring back; a named group is not harvested twice.
    expect(h.run({ type: 'harvest.collect' }, fac)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    h.ok({ type: 'harvest.collect', groupIds: ['ga'] }, fac);
    expect(h.state.harvested).toHaveLength(2);
  });

  it('harvests a group closed by hand, refuses the plenary and unknown groups, and only the server records drafts', () => {
    const { h, fac, ana, rec } = twoGroups();
    h.ok({ type: 'group.close', groupId: 'ga' }, fac);
    h.ok(versionRecord('ga', 'a1', [rec('r1', 'X', ana.memberId)]), system);
    h.ok({ type: 'harvest.collect', groupIds: ['ga'] }, fac);
    expect(h.state.harvested.map((i) => i.title)).toEqual(['X']);
    expect(h.run({ type: 'harvest.collect', groupIds: [PLENARY_ID] }, fac)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    expect(h.run({ type: 'harvest.collect', groupIds: ['nope'] }, fac)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(h.run(versionRecord('gb', 'forged', []), fac)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // The last versions are recorded when the session ends; their text still reaches the report.
    h.ok({ type: 'session.end' }, fac);
    h.ok(versionRecord('gb', 'b9', [rec('r1', 'Y', ana.memberId)]), system);
    expect(h.state.drafts.gb!.versionId).toBe('b9');
    expect(h.run({ type: 'harvest.collect' }, fac)).toMatchObject({
      ok: false,
      error: { code: 'session_ended' },
    });
  });
});
