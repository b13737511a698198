import { describe, expect, it } from 'vitest';
import type {
  Ballot,
  StoredBallot,
  Vote,
  VoteItem,
  VoteMethod,
} from '../../shared/session/outcomes/types.js';
import { ballotProblem, ranking, tally, tallyVote } from '../../shared/session/outcomes/tally.js';
import { countedBallots } from '../../shared/session/outcomes/votes.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { DomainHarness, expectRefused, versionRecord } from '../helpers/domain.js';

/**
 * The rules of votes read one by one (ballot checks, counting, ranking, who may open, cast and close), beside
 * the end-to-end stories of votes.test.ts. Written from the survivors of `npm run mutate -- votes`.
 */

const items: VoteItem[] = [
  { id: 'a', title: 'Pistes cyclables', body: '' },
  { id: 'b', title: 'Bancs', body: '' },
  { id: 'c', title: 'Fontaines', body: '' },
];

describe('ballot checks', () => {
  it('an approval ballot answers yes or no per item, nothing else', () => {
    const approval: VoteMethod = { kind: 'approval' };
    expect(ballotProblem(approval, items, { a: true, b: false })).toBeNull();
    expect(ballotProblem(approval, items, { a: 1 })).toMatch(/true \(yes\) or false \(no\)/);
  });

  it('a dot ballot gives whole points, zero included, up to the limits', () => {
    const dots: VoteMethod = { kind: 'dots', points: 5, maxPerItem: 3 };
    // The whole budget, the most on one item, and an explicit zero.
    expect(ballotProblem(dots, items, { a: 3, b: 2, c: 0 })).toBeNull();
    for (const bad of [-1, 1.5]) {
      expect(ballotProblem(dots, items, { a: bad })).toMatch(/whole number of points/);
    }
  });

  it('a consent ballot takes a whole level from 1 to 5', () => {
    const consent: VoteMethod = { kind: 'consent' };
    expect(ballotProblem(consent, items, { a: 1, b: 5, c: 3 })).toBeNull();
    for (const bad of [0, 6, 2.5, true]) {
      expect(ballotProblem(consent, items, { a: bad })).toMatch(/1 \(fully support\) to 5 \(block\)/);
    }
  });
});

describe('counting', () => {
  it('every tally names its method', () => {
    const ballots: Ballot[] = [{ a: 2 }];
    expect(tally({ kind: 'dots', points: 2, maxPerItem: 2 }, items, ballots)).toMatchObject({
      method: 'dots',
      ballots: 1,
    });
    expect(tally({ kind: 'consent' }, items, [{ a: 2 }])).toMatchObject({ method: 'consent', ballots: 1 });
    expect(tally({ kind: 'approval' }, items, [])).toMatchObject({ method: 'approval', ballots: 0 });
  });

  it('a vote counts the ballots of its voters only, and a voter whose ballot is missing counts for none', () => {
    const vote = openVote({ voters: ['m1', 'm2', 'm3'] });
    const result = tallyVote(vote, { m1: { a: true }, m3: { a: false }, intruder: { a: true } });
    expect(result).toEqual({
      method: 'approval',
      ballots: 2,
      items: [
        { itemId: 'a', yes: 1, no: 1, abstain: 0 },
        { itemId: 'b', yes: 0, no: 0, abstain: 2 },
        { itemId: 'c', yes: 0, no: 0, abstain: 2 },
      ],
    });
  });

  it('approval ranks by yes votes, then by fewest no; ties keep the item order', () => {
    const result = tally({ kind: 'approval' }, items, [
      { a: true, b: true, c: true },
      { a: false, b: true, c: true },
      { a: false, b: true },
    ]);
    // b: 3 yes; c: 2 yes, 0 no; a: 1 yes, 2 no.
    expect(ranking(result)).toEqual(['b', 'c', 'a']);
    const tied = tally({ kind: 'approval' }, items, [{ a: true, b: true, c: true }]);
    expect(ranking(tied)).toEqual(['a', 'b', 'c']);
    const reversed = [...items].reverse();
    expect(ranking(tally({ kind: 'approval' }, reversed, [{ a: true, b: true, c: true }]))).toEqual([
      'c',
      'b',
      'a',
    ]);
  });
});

describe('the secret ballots a tally counts', () => {
  it('ballots stored before ids existed count each for its own member', () => {
    const vote = openVote({ voters: ['m1', 'm2'], secret: true });
    const stored: StoredBallot[] = [
      { memberId: 'm1', ballotId: null, ballot: { a: true } },
      { memberId: 'm2', ballotId: null, ballot: { a: false } },
    ];
    expect(countedBallots(vote, stored)).toEqual({ m1: { a: true }, m2: { a: false } });
  });

  it('a voter whose ballot is not in the box is left out, not counted as an empty ballot', () => {
    const vote = openVote({ voters: ['m1', 'm2'], secret: true, ballotIds: { m1: 'b1', m2: 'b2' } });
    const counted = countedBallots(vote, [{ memberId: 'm1', ballotId: 'b1', ballot: { a: true } }]);
    expect(Object.keys(counted)).toEqual(['m1']);
  });
});

/** A plenary in its vote phase, three participants and a facilitator; breakout group `ga` (with Zoé). */
function votePhase(locale = 'en') {
  const h = new DomainHarness(undefined, locale);
  const fac = h.join('F', 'facilitator');
  const voters = [h.join('Ana', 'participant'), h.join('Ben', 'participant'), h.join('Chloé', 'participant')];
  const phase = h.state.agenda.find((p) => p.kind === 'vote')!;
  h.ok({ type: 'phase.goto', groupId: PLENARY_ID, to: { phaseId: phase.id } }, fac);
  return { h, fac, voters };
}

describe('opening a vote', () => {
  it('is refused before the session is live, whatever else is wrong', () => {
    const h = new DomainHarness();
    const fac = h.join('F', 'facilitator');
    const ana = h.join('Ana', 'participant');
    expectRefused(
      h.run({ type: 'vote.open', method: { kind: 'approval' } }, fac),
      'invalid_state',
      'not live',
    );
    expectRefused(h.run({ type: 'ballot.cast', voteId: 'v1', ballot: {} }, ana), 'invalid_state', 'not live');
  });

  it('is refused in an unknown group, a closed group, and a group in no phase, naming the group', () => {
    const h = new DomainHarness();
    const fac = h.join('F', 'facilitator');
    // Created before the session starts, and left out when the plenary starts: in no phase.
    h.ok({ type: 'group.create', name: 'Atelier A', groupId: 'ga' }, fac);
    const phase = h.state.agenda.find((p) => p.kind === 'vote')!;
    h.ok({ type: 'phase.goto', groupId: PLENARY_ID, to: { phaseId: phase.id } }, fac);
    expect(h.state.groups.ga!.phase).toBeNull();
    const open = (groupId: string) =>
      h.run({ type: 'vote.open', groupId, method: { kind: 'approval' }, items: [{ title: 'X' }] }, fac);
    expectRefused(open('nope'), 'not_found', 'nope');
    expectRefused(open('ga'), 'wrong_phase', 'Atelier A');
    h.ok({ type: 'group.close', groupId: 'ga' }, fac);
    expectRefused(open('ga'), 'invalid_state', 'Atelier A');
  });

  it('numbers default titles per session, in its language, and keeps a given title', () => {
    const en = votePhase('en');
    en.h.ok({ type: 'vote.open', method: { kind: 'approval' }, items: [{ title: 'X' }] }, en.fac);
    en.h.ok({ type: 'vote.open', method: { kind: 'approval' }, items: [{ title: 'Y' }] }, en.fac);
    en.h.ok(
      { type: 'vote.open', title: 'Budget', method: { kind: 'approval' }, items: [{ title: 'Z' }] },
      en.fac,
    );
    expect(en.h.state.votes.map((v) => v.title)).toEqual(['Vote 1', 'Vote 2', 'Budget']);
    const fr = votePhase('fr-FR');
    fr.h.ok({ type: 'vote.open', method: { kind: 'approval' }, items: [{ title: 'X' }] }, fr.fac);
    expect(fr.h.state.votes[0]!.title).toBe('Vote n°1');
  });

  it('free items keep their text, an empty body when none is given', () => {
    const { h, fac } = votePhase();
    h.ok(
      {
        type: 'vote.open',
        method: { kind: 'approval' },
        items: [{ title: 'Bancs' }, { title: 'Arbres', body: 'Dix platanes' }],
      },
      fac,
    );
    expect(h.state.votes[0]!.items.map(({ title, body }) => ({ title, body }))).toEqual([
      { title: 'Bancs', body: '' },
      { title: 'Arbres', body: 'Dix platanes' },
    ]);
  });

  it('dot voting never allows more points on one item than the whole budget', () => {
    const { h, fac } = votePhase();
    h.ok(
      { type: 'vote.open', method: { kind: 'dots', points: 5, maxPerItem: 8 }, items: [{ title: 'X' }] },
      fac,
    );
    h.ok({ type: 'vote.open', method: { kind: 'dots', points: 5 }, items: [{ title: 'Y' }] }, fac);
    h.ok(
      { type: 'vote.open', method: { kind: 'dots', points: 5, maxPerItem: 2 }, items: [{ title: 'Z' }] },
      fac,
    );
    expect(h.state.votes.map((v) => v.method)).toEqual([
      { kind: 'dots', points: 5, maxPerItem: 5 },
      { kind: 'dots', points: 5, maxPerItem: 5 },
      { kind: 'dots', points: 5, maxPerItem: 2 },
    ]);
  });

  it('harvested recommendations keep their origin; one listed twice or unknown is refused', () => {
    const empty = votePhase();
    expectRefused(
      empty.h.run({ type: 'vote.open', method: { kind: 'approval' } }, empty.fac),
      'invalid_state',
      'nothing was harvested',
    );
    const h = new DomainHarness();
    const fac = h.join('F', 'facilitator');
    h.ok({ type: 'group.create', name: 'A', groupId: 'ga' }, fac);
    const ana = h.join('Ana', 'participant', 'ga');
    h.ok(versionRecord('ga', 'va', [{ id: 'r1', title: 'Bancs', body: 'Dix', authors: [ana.memberId] }]), {
      kind: 'system',
    });
    h.ok({ type: 'harvest.collect' }, fac);
    const harvested = h.state.harvested[0]!;
    const phase = h.state.agenda.find((p) => p.kind === 'vote')!;
    h.ok({ type: 'phase.goto', groupId: PLENARY_ID, to: { phaseId: phase.id } }, fac);
    const twice = [{ harvestedId: harvested.id }, { harvestedId: harvested.id }];
    expectRefused(
      h.run({ type: 'vote.open', method: { kind: 'approval' }, items: twice }, fac),
      'bad_request',
      harvested.id,
    );
    expectRefused(
      h.run({ type: 'vote.open', method: { kind: 'approval' }, items: [{ harvestedId: 'h404' }] }, fac),
      'not_found',
      'h404',
    );
    h.ok({ type: 'vote.open', method: { kind: 'approval' } }, fac);
    expect(h.state.votes[0]!.items).toEqual([
      {
        id: harvested.id,
        title: 'Bancs',
        body: 'Dix',
        origin: { harvestedId: harvested.id, groupId: 'ga', versionId: 'va' },
      },
    ]);
  });
});

describe('casting and closing', () => {
  it('a ballot is refused for an unknown vote, a closed vote, another group, or once voting is over', () => {
    const { h, fac, voters } = votePhase();
    const [ana, ben] = voters as [(typeof voters)[0], (typeof voters)[0]];
    h.ok({ type: 'vote.open', method: { kind: 'approval' }, items: [{ title: 'X' }], secret: false }, fac);
    const vote = h.state.votes[0]!;
    const x = vote.items[0]!.id;
    expectRefused(
      h.run({ type: 'ballot.cast', voteId: 'v404', ballot: { [x]: true } }, ana),
      'not_found',
      'v404',
    );
    h.ok({ type: 'group.create', name: 'A', groupId: 'ga' }, fac);
    h.ok({ type: 'member.move', memberId: ben.memberId, groupId: 'ga' }, fac);
    expectRefused(
      h.run({ type: 'ballot.cast', voteId: vote.id, ballot: { [x]: true } }, ben),
      'forbidden',
      PLENARY_ID,
    );
    // The plenary moves on while the vote stays open: ballots wait for a phase that opens voting again.
    const after = h.state.agenda[h.state.agenda.findIndex((p) => p.kind === 'vote') + 1]!;
    h.ok({ type: 'phase.goto', groupId: PLENARY_ID, to: { phaseId: after.id } }, fac);
    expect(h.state.votes[0]!.status).toBe('open');
    expectRefused(h.run({ type: 'ballot.cast', voteId: vote.id, ballot: { [x]: true } }, ana), 'wrong_phase');
    h.ok({ type: 'vote.close', voteId: vote.id }, fac);
    expectRefused(
      h.run({ type: 'ballot.cast', voteId: vote.id, ballot: { [x]: true } }, ana),
      'invalid_state',
    );
  });

  it('closing is refused for an unknown vote and for a vote already closed', () => {
    const { h, fac } = votePhase();
    h.ok({ type: 'vote.open', method: { kind: 'approval' }, items: [{ title: 'X' }], secret: false }, fac);
    const vote = h.state.votes[0]!;
    expectRefused(h.run({ type: 'vote.close', voteId: 'v404' }, fac), 'not_found', 'v404');
    h.ok({ type: 'vote.close', voteId: vote.id }, fac);
    expectRefused(h.run({ type: 'vote.close', voteId: vote.id }, fac), 'invalid_state');
  });

  it('a secret vote with live results refuses a stored ballot when the box cannot be read back', () => {
    const { h, fac, voters } = votePhase();
    h.ok(
      { type: 'vote.open', method: { kind: 'approval' }, items: [{ title: 'X' }], liveResults: true },
      fac,
    );
    const vote = h.state.votes[0]!;
    const cast = { type: 'ballot.cast', voteId: vote.id, ballot: { [vote.items[0]!.id]: true } } as const;
    // Stored under b1, but the box's list failed: no tally can be published, so the cast is not taken.
    expectRefused(h.run(cast, voters[0]!, { ballotId: 'b1' }), 'unavailable');
    expectRefused(h.run(cast, voters[0]!), 'unavailable');
    expectRefused(h.run({ type: 'vote.close', voteId: vote.id }, fac), 'unavailable');
    expect(h.state.votes[0]!.voters).toEqual([]);
  });
});

/** A vote as the state holds it, open, on `items`, with approval unless said. */
function openVote(fields: Partial<Vote>): Vote {
  return {
    id: 'v1',
    title: 'Vote 1',
    groupId: PLENARY_ID,
    method: { kind: 'approval' },
    items,
    secret: false,
    liveResults: false,
    status: 'open',
    openedAt: 0,
    closedAt: null,
    voters: [],
    ballots: {},
    ballotIds: {},
    tally: null,
    ...fields,
  };
}
