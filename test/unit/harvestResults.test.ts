import { describe, expect, it } from 'vitest';
import { harvestedResults } from '../../client/app/src/projector/harvestResults.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { DomainHarness, versionRecord } from '../helpers/domain.js';

describe('the harvest as the projector shows it', () => {
  it('ranks harvested items by their latest published vote and counts blocking objections', () => {
    const h = new DomainHarness([
      { id: 'draft', kind: 'drafting', durationSec: 600 },
      { id: 'vote', kind: 'vote', durationSec: 600 },
    ]);
    const fac = h.join('Fatou', 'facilitator');
    const ana = h.join('Ana', 'participant');
    const ben = h.join('Ben', 'participant');
    h.ok({ type: 'group.create', name: 'Vélo', groupId: 'ga' }, fac);
    h.ok(
      versionRecord('ga', 'v1', [
        { id: 'r1', title: 'Pistes', body: '', authors: [] },
        { id: 'r2', title: 'Garages', body: '', authors: [] },
        { id: 'r3', title: 'Ateliers', body: '', authors: [] },
      ]),
      { kind: 'system' },
    );
    h.ok({ type: 'harvest.collect' }, fac);
    expect(harvestedResults(h.state).map((r) => [r.item.title, r.rank])).toEqual([
      ['Pistes', null],
      ['Garages', null],
      ['Ateliers', null],
    ]);
    h.ok({ type: 'phase.goto', groupId: PLENARY_ID, to: { phaseId: 'vote' } }, fac);
    // A consent vote on the first two only, results at close: nothing shows while it is open.
    const items = h.state.harvested.slice(0, 2).map((x) => ({ harvestedId: x.id }));
    h.ok({ type: 'vote.open', method: { kind: 'consent' }, secret: false, items }, fac);
    const vote = h.state.votes[0]!;
    const [pistes, garages] = vote.items.map((i) => i.id) as [string, string];
    h.ok({ type: 'ballot.cast', voteId: vote.id, ballot: { [pistes]: 5, [garages]: 1 } }, ana);
    h.ok({ type: 'ballot.cast', voteId: vote.id, ballot: { [pistes]: 1, [garages]: 2 } }, ben);
    expect(harvestedResults(h.state).every((r) => r.vote === null)).toBe(true);
    h.ok({ type: 'vote.close', voteId: vote.id }, fac);
    expect(harvestedResults(h.state).map((r) => [r.item.title, r.rank, r.blocks])).toEqual([
      ['Garages', 1, 0],
      ['Pistes', 2, 1],
      ['Ateliers', null, 0],
    ]);
  });
});
