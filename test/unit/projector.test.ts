import { describe, expect, it } from 'vitest';
import { projectorGroup } from '../../shared/session/phases/projector.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { DomainHarness } from '../helpers/domain.js';

describe('what the projector follows', () => {
  it('follows the plenary, then the group a facilitator chooses, and the plenary again once it closes', () => {
    const h = new DomainHarness([{ id: 'deb', kind: 'debate', durationSec: 600 }]);
    const fac = h.join('Fatou', 'facilitator');
    const ana = h.join('Ana', 'participant');
    const obs = h.join('Olga', 'observer');
    h.ok({ type: 'group.create', name: 'Vélo', groupId: 'ga' }, fac);
    expect(projectorGroup(h.state)).toBe(PLENARY_ID);

    const events = h.ok({ type: 'projector.follow', groupId: 'ga' }, fac);
    expect(events.map((e) => [e.type, e.data, e.actor])).toEqual([
      ['projector.followed', { groupId: 'ga' }, fac.memberId],
    ]);
    expect(projectorGroup(h.state)).toBe('ga');
    // Nobody is moved: it is the screen that follows, not a member.
    expect(h.state.members[ana.memberId]?.groupId).toBe(PLENARY_ID);

    // Only facilitators choose; an unknown group or the one already followed is refused.
    expect(h.run({ type: 'projector.follow', groupId: PLENARY_ID }, ana)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(h.run({ type: 'projector.follow', groupId: PLENARY_ID }, obs)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(h.run({ type: 'projector.follow', groupId: 'nope' }, fac)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(h.run({ type: 'projector.follow', groupId: 'ga' }, fac)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });

    h.ok({ type: 'group.close', groupId: 'ga' }, fac);
    expect(projectorGroup(h.state)).toBe(PLENARY_ID);
    expect(h.run({ type: 'projector.follow', groupId: 'ga' }, fac)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
  });
});
