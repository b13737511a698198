import type { Ballot, DraftRecommendation, HarvestedItem, Tally, Vote } from './types.js';

/** Payloads of the outcome events (draws, drafts, harvest, votes); merged into EventData. */
export interface OutcomeEventData {
  /** Private (facilitators only): the public sees `attributes: {}`. */
  'attributes.changed': { memberId: string; attributes: Record<string, string> };
  'draw.made': {
    drawId: string;
    seed: string;
    groupCount: number;
    stratifyBy: string[];
    /** Member ids drawn, in the canonical (sorted) order the draw reads them. */
    population: string[];
    /**
     * The stratified attributes of each person drawn, so a facilitator can re-run the draw from the log.
     * Private: the public sees `{}`.
     */
    profiles: Record<string, Record<string, string>>;
    /** The result: member ids per group, in the draw's group order. */
    assignment: { groupId: string; memberIds: string[] }[];
  };
  /** A group's document version, as text, recorded for the harvest and the report. */
  'draft.recorded': { groupId: string; versionId: string; recommendations: DraftRecommendation[] };
  /** Groups brought back to the plenary and the recommendations gathered from their latest drafts. */
  'harvest.collected': { harvestId: string; groupIds: string[]; items: HarvestedItem[] };
  'vote.opened': { voteId: string } & Pick<
    Vote,
    'title' | 'groupId' | 'method' | 'items' | 'secret' | 'liveResults'
  >;
  /**
   * Someone voted (or changed their ballot). `ballot` only for open votes, and only facilitators see it;
   * a secret ballot stays in the ballot box, outside the log, and `ballotId` names the one stored for this
   * cast (the only one of that member the tally will count, unless a later cast names another). Command
   * `ballot.cast`; logs written before the rename say `ballot.cast`.
   */
  'ballot.recorded': { voteId: string; memberId: string; ballot?: Ballot; ballotId?: string };
  /** Live results (votes opened with liveResults). */
  'vote.tallied': { voteId: string; tally: Tally };
  'vote.closed': { voteId: string; tally: Tally };
}
