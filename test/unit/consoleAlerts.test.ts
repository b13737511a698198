import { describe, expect, it } from 'vitest';
import { setLang } from '../../client/app/src/i18n.js';
import { alertOf, overrunAlerts, waitingHandAlerts } from '../../client/app/src/views/console/alertRules.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { DomainHarness } from '../helpers/domain.js';

describe("the cockpit's alerts", () => {
  it('raises one per hand (points of order apart) and one per phase over its time, keyed by their cause', () => {
    setLang('en');
    const h = new DomainHarness([
      { id: 'deb', kind: 'debate', durationSec: 600 },
      { id: 'draft', kind: 'drafting', durationSec: 600 },
    ]);
    const fac = h.join('Fatou', 'facilitator');
    const ana = h.join('Ana', 'participant');
    const ben = h.join('Ben', 'participant');
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
    const [raised] = h.ok({ type: 'hand.raise' }, ana).filter((e) => e.type === 'hand.raised');
    const [order] = h.ok({ type: 'hand.raise', kind: 'order' }, ben).filter((e) => e.type === 'hand.raised');
    expect(alertOf(raised!, h.state)).toMatchObject({ kind: 'hand', text: 'Ana raised a hand (Plenary).' });
    expect(alertOf(order!, h.state)).toMatchObject({ kind: 'order', text: 'Point of order: Ben (Plenary).' });
    expect(alertOf(raised!, h.state)!.id).not.toBe(alertOf(order!, h.state)!.id);
    // A console opened now shows the hands already up, with the ids their events gave (none twice).
    expect(waitingHandAlerts(h.state).map((a) => a.id)).toEqual(
      [raised!, order!].map((e) => alertOf(e, h.state)!.id),
    );
    const [lowered] = h.ok({ type: 'hand.lower' }, ana);
    expect(alertOf(lowered!, h.state)).toBeNull();
    expect(waitingHandAlerts(h.state).map((a) => a.kind)).toEqual(['order']);

    // On time: nothing; past the planned end: one alert for that run of that phase, the same id each second.
    expect(overrunAlerts(h.state, h.now + 600_000)).toEqual([]);
    const over = overrunAlerts(h.state, h.now + 600_001);
    expect(over).toMatchObject([
      { kind: 'overrun', groupId: PLENARY_ID, text: 'Plenary: “Debate” is over its time.' },
    ]);
    expect(overrunAlerts(h.state, h.now + 700_000).map((a) => a.id)).toEqual(over.map((a) => a.id));
    // The next phase is a new cause.
    h.advance(700_000);
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'next', from: h.seen('all') }, fac);
    expect(overrunAlerts(h.state, h.now + 600_001)[0]!.id).not.toBe(over[0]!.id);
  });

  it('says when the service was down, once per outage', () => {
    setLang('en');
    const h = new DomainHarness([{ id: 'deb', kind: 'debate', durationSec: 600 }]);
    const fac = h.join('Fatou', 'facilitator');
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
    h.advance(120_000);
    const [down] = h.ok({ type: 'outage.recover', downSince: h.now - 90_000 }, { kind: 'system' });
    const alert = alertOf(down!, h.state);
    expect(alert).toMatchObject({ kind: 'outage', id: `outage:${h.now - 90_000}` });
    expect(alert!.text).toMatch(
      /^The service was down from .+ to .+ \(1:30\): running turns got that time back/,
    );
  });
});
