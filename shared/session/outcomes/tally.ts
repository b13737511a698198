import type {
  ApprovalResult,
  Ballot,
  ConsentResult,
  DotsResult,
  Tally,
  Vote,
  VoteItem,
  VoteMethod,
} from './types.js';

/**
 * Checking and counting ballots. Pure: the same functions validate a ballot in `decide`, count the ballot box
 * when a vote closes, and can be re-run by anyone on known ballots.
 */

/** Why a ballot is not valid for this vote, or null when it is. */
export function ballotProblem(method: VoteMethod, items: readonly VoteItem[], ballot: Ballot): string | null {
  const ids = new Set(items.map((i) => i.id));
  let spent = 0;
  for (const [itemId, value] of Object.entries(ballot)) {
    if (!ids.has(itemId)) return `no item ${itemId} in this vote`;
    switch (method.kind) {
      case 'approval':
        if (typeof value !== 'boolean') return 'an approval ballot answers true (yes) or false (no) per item';
        break;
      case 'dots':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
          return 'dot voting gives a whole number of points (0 or more) per item';
        }
        if (value > method.maxPerItem) return `at most ${method.maxPerItem} points on one item`;
        spent += value;
        break;
      case 'consent':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5) {
          return 'the consent scale goes from 1 (fully support) to 5 (block)';
        }
        break;
    }
  }
  if (method.kind === 'dots' && spent > method.points) {
    return `${spent} points spent; this vote gives ${method.points}`;
  }
  return null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Counts ballots (one per member: the latest) for a vote's items, in the vote's item order. */
export function tally(method: VoteMethod, items: readonly VoteItem[], ballots: readonly Ballot[]): Tally {
  const count = ballots.length;
  switch (method.kind) {
    case 'approval': {
      const results: ApprovalResult[] = items.map((item) => {
        let yes = 0;
        let no = 0;
        for (const b of ballots) {
          if (b[item.id] === true) yes++;
          else if (b[item.id] === false) no++;
        }
        return { itemId: item.id, yes, no, abstain: count - yes - no };
      });
      return { method: 'approval', ballots: count, items: results };
    }
    case 'dots': {
      const results: DotsResult[] = items.map((item) => {
        let points = 0;
        let supporters = 0;
        for (const b of ballots) {
          const given = b[item.id];
          if (typeof given === 'number' && given > 0) {
            points += given;
            supporters++;
          }
        }
        return { itemId: item.id, points, supporters };
      });
      return { method: 'dots', ballots: count, items: results };
    }
    case 'consent': {
      const results: ConsentResult[] = items.map((item) => {
        const levels = [0, 0, 0, 0, 0];
        let sum = 0;
        let responses = 0;
        for (const b of ballots) {
          const level = b[item.id];
          if (typeof level !== 'number') continue;
          levels[level - 1]! += 1;
          sum += level;
          responses++;
        }
        return {
          itemId: item.id,
          levels,
          responses,
          mean: responses ? round2(sum / responses) : null,
          blocks: levels[4]!,
        };
      });
      return { method: 'consent', ballots: count, items: results };
    }
  }
}

/** Tally of a vote from its ballots by member, counting only members the log says voted. */
export function tallyVote(vote: Vote, ballots: Record<string, Ballot>): Tally {
  const counted = vote.voters.map((m) => ballots[m]).filter((b): b is Ballot => b !== undefined);
  return tally(vote.method, vote.items, counted);
}

/**
 * Item ids from best to worst: approval by yes votes; dots by points; consent by fewest blocks, then lowest
 * mean level. Ties keep the vote's item order.
 */
export function ranking(result: Tally): string[] {
  const order = result.items.map((r, index) => ({ r, index }));
  const score = (r: (typeof result.items)[number]): number[] => {
    if ('yes' in r) return [-r.yes, r.no];
    if ('points' in r) return [-r.points, -r.supporters];
    return [r.blocks, r.mean ?? 6];
  };
  order.sort((a, b) => {
    const sa = score(a.r);
    const sb = score(b.r);
    for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sa[i]! - sb[i]!;
    return a.index - b.index;
  });
  return order.map((o) => o.r.itemId);
}
