import { describe, expect, it } from 'vitest';
import type { Command } from '../../shared/session/commands.js';
import type { Ballot, StoredBallot, VoteItem } from '../../shared/session/outcomes/types.js';
import { AUDIENCES, project, projectEvent } from '../../shared/session/project.js';
import { ballotProblem, ranking, tally } from '../../shared/session/outcomes/tally.js';
import { evolve } from '../../shared/session/evolve.js';
import { countedBallots } from '../../shared/session/outcomes/votes.js';
import { DomainHarness } from '../helpers/domain.js';

const items: VoteItem[] = [
  { id: 'a', title: 'Pistes cyclables', body: '' },
  { id: 'b', title: 'Bancs', body: '' },
  { id: 'c', title: 'Fontaines', body: '' },
];

describe('tallies on known ballots', () => {
  it('approval counts yes, no and abstentions per item', () => {
    const ballots: Ballot[] = [{ a: true, b: false }, { a: true, b: true, c: false }, { a: false }];
    const result = tally({ kind: 'approval' }, items, ballots);
    expect(result).toEqual({
      method: 'approval',
      ballots: 3,
      items: [
        { itemId: 'a', yes: 2, no: 1, abstain: 0 },
        { itemId: 'b', yes: 1, no: 1, abstain: 1 },
        { itemId: 'c', yes: 0, no: 1, abstain: 2 },
      ],
    });
    expect(ranking(result)).toEqual(['a', 'b', 'c']);
  });

  it('dot voting sums points and counts supporters', () => {
    const method = { kind: 'dots', points: 5, maxPerItem: 3 } as const;
    const ballots: Ballot[] = [
      { a: 3, b: 2 },
      { c: 3, b: 1 },
      { a: 1, c: 0 },
    ];
    const result = tally(method, items, ballots);
    expect(result.items).toEqual([
      { itemId: 'a', points: 4, supporters: 2 },
      { itemId: 'b', points: 3, supporters: 2 },
      { itemId: 'c', points: 3, supporters: 1 },
    ]);
    expect(ranking(result)).toEqual(['a', 'b', 'c']);
    expect(ballotProblem(method, items, { a: 3, b: 3 })).toMatch(/6 points/);
    expect(ballotProblem(method, items, { a: 4 })).toMatch(/at most 3/);
    expect(ballotProblem(method, items, { a: true })).toMatch(/whole number/);
    expect(ballotProblem(method, items, { z: 1 })).toMatch(/no item z/);
  });

  it('the consent scale gives levels, mean and blocks; fewest blocks rank first', () => {
    const ballots: Ballot[] = [
      { a: 1, b: 5, c: 2 },
      { a: 2, b: 1, c: 2 },
      { a: 4, b: 1 },
    ];
    const result = tally({ kind: 'consent' }, items, ballots);
    expect(result.items).toEqual([
      { itemId: 'a', levels: [1, 1, 0, 1, 0], responses: 3, mean: 2.33, blocks: 0 },
      { itemId: 'b', levels: [2, 0, 0, 0, 1], responses: 3, mean: 2.33, blocks: 1 },
      { itemId: 'c', levels: [0, 2, 0, 0, 0], responses: 2, mean: 2, blocks: 0 },
    ]);
    expect(ranking(result)).toEqual(['c', 'a', 'b']);
    expect(ballotProblem({ kind: 'consent' }, items, { a: 6 })).toMatch(/1 \(fully support\) to 5/);
  });
});

/** A plenary in its vote phase with three participants. */
function plenaryVote() {
  const h = new DomainHarness();
  const fac = h.join('F', 'facilitator');
  const voters = [h.join('Ana', 'participant'), h.join('Ben', 'participant'), h.join('Chloé', 'participant')];
  const observer = h.join('Obs', 'observer');
  return { h, fac, voters, observer };
}

function toVotePhase(h: DomainHarness, fac: ReturnType<DomainHarness['join']>) {
  const phase = h.state.agenda.find((p) => p.kind === 'vote')!;
  h.ok({ type: 'phase.goto', groupId: 'plenary', to: { phaseId: phase.id } }, fac);
}

describe('votes in the domain', () => {
  it('opens only in a phase that allows voting', () => {
    const { h, fac } = plenaryVote();
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
    const open: Command = { type: 'vote.open', method: { kind: 'approval' }, items: [{ title: 'X' }] };
    expect(h.run(open, fac)).toMatchObject({ ok: false, error: { code: 'wrong_phase' } });
    toVotePhase(h, fac);
    h.ok(open, fac);
    expect(h.state.votes[0]).toMatchObject({ status: 'open', secret: true, liveResults: false });
  });

  it('an open vote keeps ballots in the log for facilitators; a changed ballot replaces the old one', () => {
    const { h, fac, voters } = plenaryVote();
    toVotePhase(h, fac);
    h.ok({ type: 'vote.open', method: { kind: 'approval' }, items: [{ title: 'X' }], secret: false }, fac);
    const vote = h.state.votes[0]!;
    const [ana, ben] = voters as [(typeof voters)[0], (typeof voters)[0]];
    const x = vote.items[0]!.id;
    h.ok({ type: 'ballot.cast', voteId: vote.id, ballot: { [x]: true } }, ana);
    h.ok({ type: 'ballot.cast', voteId: vote.id, ballot: { [x]: true } }, ben);
    h.ok({ type: 'ballot.cast', voteId: vote.id, ballot: { [x]: false } }, ana);
    expect(h.state.votes[0]!.voters).toEqual([ana.memberId, ben.memberId]);
    h.ok({ type: 'vote.close', voteId: vote.id }, fac);
    expect(h.state.votes[0]!.tally).toEqual({
      method: 'approval',
      ballots: 2,
      items: [{ itemId: x, yes: 1, no: 1, abstain: 0 }],
    });
    expect(h.run({ type: 'ballot.cast', voteId: vote.id, ballot: {} }, ben)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    // Participants and observers see who voted and the results, never the ballots.
    expect(project(h.state, 'public').votes[0]!.ballots).toEqual({});
    expect(project(h.state, 'facilitators').votes[0]!.ballots[ana.memberId]).toEqual({ [x]: false });
  });

  it("a secret ballot's content appears nowhere in the log or the events, for any audience", () => {
    const { h, fac, voters } = plenaryVote();
    toVotePhase(h, fac);
    h.ok({ type: 'vote.open', method: { kind: 'dots', points: 97 }, items: [{ title: 'X' }] }, fac);
    const vote = h.state.votes[0]!;
    const x = vote.items[0]!.id;
    // The ballot box: what the server keeps outside the log (see server/ports/ballotBox.ts).
    const box: StoredBallot[] = [];
    const cast = (voter: (typeof voters)[number], points: number) => {
      const ballotId = `b${box.length + 1}`;
      box.push({ memberId: voter.memberId, ballotId, ballot: { [x]: points } });
      h.ok({ type: 'ballot.cast', voteId: vote.id, ballot: { [x]: points } }, voter, { ballotId });
    };
    cast(voters[0]!, 41);
    cast(voters[1]!, 59);
    cast(voters[0]!, 23); // changed: replaces 41
    expect(h.state.votes[0]!.tally).toBeNull();
    h.ok({ type: 'vote.close', voteId: vote.id }, fac, { stored: box });
    expect(h.state.votes[0]!.tally!.items).toEqual([{ itemId: x, points: 82, supporters: 2 }]);

    const ballotEvents = h.log.filter((e) => e.type === 'ballot.recorded');
    expect(ballotEvents).toHaveLength(3);
    for (const e of ballotEvents)
      expect(Object.keys(e.data).sort()).toEqual(['ballotId', 'memberId', 'voteId']);
    const serialized = [JSON.stringify(h.log), JSON.stringify(h.state)];
    for (const audience of AUDIENCES) {
      serialized.push(JSON.stringify(h.log.map((e) => projectEvent(e, audience))));
      serialized.push(JSON.stringify(project(h.state, audience)));
    }
    for (const text of serialized) {
      for (const points of [41, 59, 23]) {
        expect(text).not.toContain(JSON.stringify({ [x]: points }));
        expect(text).not.toContain(`:${points}`);
      }
    }
    // A secret vote cannot be counted without its ballot box.
    h.ok({ type: 'vote.open', method: { kind: 'approval' }, items: [{ title: 'Y' }] }, fac);
    expect(h.run({ type: 'vote.close', voteId: h.state.votes[1]!.id }, fac)).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });

  it('a ballot is counted if and only if its cast was accepted: a refused change stays in the box, uncounted', () => {
    const { h, fac, voters } = plenaryVote();
    toVotePhase(h, fac);
    h.ok({ type: 'vote.open', method: { kind: 'approval' }, items: [{ title: 'X' }] }, fac);
    const vote = h.state.votes[0]!;
    const x = vote.items[0]!.id;
    const [ana, ben] = voters as [(typeof voters)[0], (typeof voters)[0]];
    const box: StoredBallot[] = [{ memberId: ana.memberId, ballotId: 'b1', ballot: { [x]: true } }];
    h.ok({ type: 'ballot.cast', voteId: vote.id, ballot: { [x]: true } }, ana, { ballotId: 'b1' });
    // Ana changes her mind on one process (stored first, as the server does), while on another process a
    // second tab of hers stored yet another ballot; only the first cast lands before the vote closes.
    box.push({ memberId: ana.memberId, ballotId: 'b2', ballot: { [x]: false } });
    box.push({ memberId: ben.memberId, ballotId: 'b3', ballot: { [x]: false } });
    const seen = h.state;
    h.ok({ type: 'ballot.cast', voteId: vote.id, ballot: { [x]: false } }, ben, { ballotId: 'b3' });
    h.ok({ type: 'vote.close', voteId: vote.id }, fac, { stored: box });
    // Her change, decided on the state that follows, is refused: and it was not counted.
    expect(
      h.run({ type: 'ballot.cast', voteId: vote.id, ballot: { [x]: false } }, ana, { ballotId: 'b2' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(h.state.votes[0]!.tally!.items).toEqual([{ itemId: x, yes: 1, no: 1, abstain: 0 }]);
    // Had it landed first, it alone would count for her, whatever else the box holds.
    const landed = { ...seen.votes[0]!, ballotIds: { ...seen.votes[0]!.ballotIds, [ana.memberId]: 'b2' } };
    expect(countedBallots(landed, box)).toEqual({ [ana.memberId]: { [x]: false } });
  });

  it('a secret ballot is refused when the server could not store it first', () => {
    const { h, fac, voters } = plenaryVote();
    toVotePhase(h, fac);
    h.ok({ type: 'vote.open', method: { kind: 'approval' }, items: [{ title: 'X' }] }, fac);
    const vote = h.state.votes[0]!;
    expect(
      h.run({ type: 'ballot.cast', voteId: vote.id, ballot: { [vote.items[0]!.id]: true } }, voters[0]!),
    ).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('live results publish a tally after each ballot (watchers can infer changes: see docs)', () => {
    const { h, fac, voters } = plenaryVote();
    toVotePhase(h, fac);
    h.ok(
      { type: 'vote.open', method: { kind: 'approval' }, items: [{ title: 'X' }], liveResults: true },
      fac,
    );
    const vote = h.state.votes[0]!;
    const x = vote.items[0]!.id;
    const box: StoredBallot[] = [];
    for (const [i, voter] of voters.entries()) {
      const ballotId = `b${i}`;
      box.push({ memberId: voter.memberId, ballotId, ballot: { [x]: i !== 1 } });
      const events = h.ok({ type: 'ballot.cast', voteId: vote.id, ballot: { [x]: i !== 1 } }, voter, {
        ballotId,
        stored: box,
      });
      expect(events.map((e) => e.type)).toEqual(['ballot.recorded', 'vote.tallied']);
    }
    expect(h.state.votes[0]!.tally!.items).toEqual([{ itemId: x, yes: 2, no: 1, abstain: 0 }]);
    expect(h.run({ type: 'ballot.cast', voteId: vote.id, ballot: {} }, voters[0]!)).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });

  it('refuses bad ballots, ballots outside the vote group, and votes on unknown items', () => {
    const { h, fac, voters } = plenaryVote();
    toVotePhase(h, fac);
    h.ok({ type: 'group.create', name: 'A', groupId: 'ga' }, fac);
    h.ok({ type: 'vote.open', method: { kind: 'consent' }, items: [{ title: 'X' }] }, fac);
    const vote = h.state.votes[0]!;
    const x = vote.items[0]!.id;
    expect(h.run({ type: 'ballot.cast', voteId: vote.id, ballot: { [x]: 9 } }, voters[0]!)).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    h.ok({ type: 'member.move', memberId: voters[1]!.memberId, groupId: 'ga' }, fac);
    expect(h.run({ type: 'ballot.cast', voteId: vote.id, ballot: { [x]: 1 } }, voters[1]!)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      h.run({ type: 'vote.open', method: { kind: 'approval' }, items: [{ harvestedId: 'nope' }] }, fac),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(h.run({ type: 'vote.open', method: { kind: 'approval' } }, fac)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
  });

  it('projection of vote events commutes with evolve', () => {
    const { h, fac, voters } = plenaryVote();
    toVotePhase(h, fac);
    h.ok({ type: 'vote.open', method: { kind: 'approval' }, items: [{ title: 'X' }], secret: false }, fac);
    const vote = h.state.votes[0]!;
    h.ok({ type: 'ballot.cast', voteId: vote.id, ballot: { [vote.items[0]!.id]: true } }, voters[2]!);
    h.ok({ type: 'vote.close', voteId: vote.id }, fac);
    for (const audience of AUDIENCES) {
      let client = project(evolve(undefined, h.log[0]!), audience);
      for (const event of h.log.slice(1)) client = evolve(client, projectEvent(event, audience));
      expect(client).toEqual(project(h.state, audience));
    }
  });
});
