import { accept, refuse } from '../decision.js';
import type { CommandSpecs, Decision } from '../decision.js';
import { FACILITATION } from '../decision.js';
import { newEvent } from '../events.js';
import type { NewEvent } from '../events.js';
import type { CommandOf } from '../commands.js';
import type { Ballot, CommandInputs, StoredBallot, Vote, VoteItem, VoteMethod } from './types.js';
import { ballotProblem, tallyVote } from './tally.js';
import { PLENARY_ID } from '../types.js';
import type { SessionState } from '../types.js';

/** Whether the phase a group is in opens voting. */
export function votingOpen(state: SessionState, groupId: string): boolean {
  const phaseId = state.groups[groupId]?.phase?.phaseId;
  return state.agenda.find((p) => p.id === phaseId)?.capabilities.voting ?? false;
}

export function findVote(state: SessionState, voteId: string): Vote | undefined {
  return state.votes.find((v) => v.id === voteId);
}

function voteItems(
  state: SessionState,
  given: CommandOf<'vote.open'>['items'],
  newId: (p: string) => string,
): VoteItem[] | Decision {
  if (!given) {
    if (state.harvested.length === 0) {
      return refuse('invalid_state', 'nothing was harvested yet; name the items to vote on');
    }
    given = state.harvested.map((h) => ({ harvestedId: h.id }));
  }
  const items: VoteItem[] = [];
  const used = new Set<string>();
  for (const entry of given) {
    if ('harvestedId' in entry) {
      const h = state.harvested.find((x) => x.id === entry.harvestedId);
      if (!h) return refuse('not_found', `no harvested recommendation ${entry.harvestedId}`);
      if (used.has(h.id)) return refuse('bad_request', `${h.id} is listed twice`);
      used.add(h.id);
      items.push({
        id: h.id,
        title: h.title,
        body: h.body,
        origin: { harvestedId: h.id, groupId: h.groupId, versionId: h.versionId },
      });
    } else {
      items.push({ id: newId('i'), title: entry.title, body: entry.body ?? '' });
    }
  }
  return items;
}

/**
 * The secret ballots a tally counts, by member: for each voter, the stored ballot whose id their latest
 * `ballot.cast` names. A ballot stored for a cast that was refused (the vote closed first, another process
 * appended first) is named by no event, so it is never counted, whatever the box holds. Ballots stored before
 * ids existed (`ballotId` null) count for voters whose casts name none.
 */
export function countedBallots(vote: Vote, stored: readonly StoredBallot[]): Record<string, Ballot> {
  const counted: Record<string, Ballot> = {};
  for (const memberId of vote.voters) {
    const named = vote.ballotIds[memberId] ?? null;
    const mine = stored.filter((s) => s.memberId === memberId && s.ballotId === named);
    const latest = mine[mine.length - 1];
    if (latest) counted[memberId] = latest.ballot;
  }
  return counted;
}

/** The ballots a tally counts: those of an open vote are in the state, secret ones come from the ballot box. */
function ballotsOf(vote: Vote, inputs: CommandInputs | undefined): Record<string, Ballot> | undefined {
  if (!vote.secret) return vote.ballots;
  return inputs?.stored ? countedBallots(vote, inputs.stored) : undefined;
}

const boxUnavailable = () => refuse('unavailable', 'the ballot box could not be read; try again');

export const voteCommands: CommandSpecs<'vote.open' | 'ballot.cast' | 'vote.close'> = {
  'vote.open': {
    issuers: FACILITATION,
    beforeLive: false,
    decide(state, cmd, ctx) {
      const groupId = cmd.groupId ?? PLENARY_ID;
      const group = state.groups[groupId];
      if (!group) return refuse('not_found', `no group ${groupId}`);
      if (group.status !== 'open') return refuse('invalid_state', `group "${group.name}" is closed`);
      if (!votingOpen(state, groupId)) {
        return refuse('wrong_phase', `the current phase of "${group.name}" does not open voting`);
      }
      const items = voteItems(state, cmd.items, ctx.newId);
      if (!Array.isArray(items)) return items;
      const method: VoteMethod =
        cmd.method.kind === 'dots'
          ? {
              kind: 'dots',
              points: cmd.method.points,
              maxPerItem: Math.min(cmd.method.maxPerItem ?? cmd.method.points, cmd.method.points),
            }
          : cmd.method;
      const number = state.votes.length + 1;
      return accept(
        newEvent('vote.opened', {
          voteId: ctx.newId('v'),
          title: cmd.title ?? (state.locale.startsWith('fr') ? `Vote n°${number}` : `Vote ${number}`),
          groupId,
          method,
          items,
          secret: cmd.secret ?? true,
          liveResults: cmd.liveResults ?? false,
        }),
      );
    },
  },

  'ballot.cast': {
    // Facilitators steer and stay neutral; participants vote.
    issuers: ['participant'],
    beforeLive: false,
    decide(state, cmd, ctx) {
      const vote = findVote(state, cmd.voteId);
      if (!vote) return refuse('not_found', `no vote ${cmd.voteId}`);
      if (vote.status !== 'open') return refuse('invalid_state', 'this vote is closed');
      const member = ctx.member!;
      if (member.groupId !== vote.groupId) {
        return refuse('forbidden', `this vote is for the members of group ${vote.groupId}`);
      }
      if (!votingOpen(state, vote.groupId)) return refuse('wrong_phase', 'voting is not open in this phase');
      const problem = ballotProblem(vote.method, vote.items, cmd.ballot);
      if (problem) return refuse('bad_request', problem);
      // A secret ballot is stored before the decision, under an id this event names (see countedBallots).
      const ballotId = ctx.inputs?.ballotId;
      if (vote.secret && !ballotId) return refuse('unavailable', 'the ballot box could not take the ballot');
      const events: NewEvent[] = [
        newEvent('ballot.recorded', {
          voteId: vote.id,
          memberId: member.id,
          ...(vote.secret ? { ballotId } : { ballot: cmd.ballot }),
        }),
      ];
      if (vote.liveResults) {
        const ballots = ballotsOf(vote, ctx.inputs);
        if (!ballots) return boxUnavailable();
        const voters = vote.voters.includes(member.id) ? vote.voters : [...vote.voters, member.id];
        const tally = tallyVote({ ...vote, voters }, { ...ballots, [member.id]: cmd.ballot });
        events.push(newEvent('vote.tallied', { voteId: vote.id, tally }));
      }
      return accept(...events);
    },
  },

  'vote.close': {
    issuers: FACILITATION,
    decide(state, cmd, ctx) {
      const vote = findVote(state, cmd.voteId);
      if (!vote) return refuse('not_found', `no vote ${cmd.voteId}`);
      if (vote.status !== 'open') return refuse('invalid_state', 'this vote is already closed');
      const ballots = ballotsOf(vote, ctx.inputs);
      if (!ballots) return boxUnavailable();
      return accept(newEvent('vote.closed', { voteId: vote.id, tally: tallyVote(vote, ballots) }));
    },
  },
};
