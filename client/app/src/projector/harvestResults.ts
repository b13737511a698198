import { ranking } from '../../../../shared/session/outcomes/tally.js';
import type {
  ApprovalResult,
  ConsentResult,
  DotsResult,
  HarvestedItem,
  Vote,
} from '../../../../shared/session/outcomes/types.js';
import type { SessionState } from '../../../../shared/session/types.js';

/** One harvested recommendation as the projector shows it during the presentation. */
export interface HarvestedResult {
  item: HarvestedItem;
  /** The latest vote with results on it (closed, or live results), or null if none. */
  vote: Vote | null;
  /** 1-based rank in that vote, or null. */
  rank: number | null;
  result: ApprovalResult | DotsResult | ConsentResult | null;
  /** Consent votes: ballots placing it at level 5 (block). 0 otherwise. */
  blocks: number;
}

/**
 * The recommendations brought back to the plenary, each with the result of the latest vote that published
 * results on it (a closed vote, or one with live results), ranked as the report ranks them (`ranking`).
 * Items with a result come first, in rank order within the latest vote; the others keep harvest order.
 */
export function harvestedResults(state: SessionState): HarvestedResult[] {
  const rows = state.harvested.map((item): HarvestedResult => {
    for (let i = state.votes.length - 1; i >= 0; i--) {
      const vote = state.votes[i]!;
      if (!vote.tally || (vote.status === 'open' && !vote.liveResults)) continue;
      const voteItem = vote.items.find((v) => v.origin?.harvestedId === item.id);
      if (!voteItem) continue;
      const order = ranking(vote.tally);
      const result = vote.tally.items.find((r) => r.itemId === voteItem.id) ?? null;
      const index = order.indexOf(voteItem.id);
      return {
        item,
        vote,
        rank: index >= 0 ? index + 1 : null,
        result,
        blocks: result && 'blocks' in result ? result.blocks : 0,
      };
    }
    return { item, vote: null, rank: null, result: null, blocks: 0 };
  });
  const voted = rows.filter((r) => r.vote !== null);
  const latest = voted.reduce<Vote | null>(
    (acc, r) => (acc === null || r.vote!.openedAt > acc.openedAt ? r.vote : acc),
    null,
  );
  const key = (r: HarvestedResult) => (r.vote === null ? 2 : r.vote === latest ? 0 : 1);
  return rows
    .map((r, index) => ({ r, index }))
    .sort((a, b) => key(a.r) - key(b.r) || (a.r.rank ?? 0) - (b.r.rank ?? 0) || a.index - b.index)
    .map((x) => x.r);
}
