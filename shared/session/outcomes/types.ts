/**
 * Outcomes of a session: drafts recorded from group documents, recommendations harvested into the plenary,
 * and votes. Pure data, kept in SessionState and rebuilt from the log like everything else.
 */

/** One recommendation as recorded in a document version. */
export interface DraftRecommendation {
  /** Id of the recommendation inside its document (stable across versions). */
  id: string;
  title: string;
  body: string;
  /** Member ids of those who wrote it (creator first). */
  authors: string[];
}

/** The latest recorded version of a group's recommendations document. */
export interface GroupDraft {
  groupId: string;
  versionId: string;
  recordedAt: number;
  recommendations: DraftRecommendation[];
}

/** A recommendation brought back to the plenary, keeping where it came from. */
export interface HarvestedItem {
  id: string;
  title: string;
  body: string;
  /** The breakout group it was drafted in. */
  groupId: string;
  /** The document version it was read from. */
  versionId: string;
  /** The recommendation's id in that document. */
  sourceId: string;
  authors: string[];
}

export const CONSENT_LEVELS = [
  'fully support',
  'support with reservations',
  'can live with it',
  'disagree but will not block',
  'block',
] as const;
/** Levels of the consent scale, 1 (fully support) … 5 (block): gradients of agreement. */
export type ConsentLevel = 1 | 2 | 3 | 4 | 5;

export type VoteMethod =
  | { kind: 'approval' }
  /** Dot voting: `points` to spread, at most `maxPerItem` on one item. */
  | { kind: 'dots'; points: number; maxPerItem: number }
  | { kind: 'consent' };

export interface VoteItem {
  id: string;
  title: string;
  body: string;
  /** Set when the item is a harvested recommendation. */
  origin?: { harvestedId: string; groupId: string; versionId: string } | undefined;
}

/**
 * A ballot: one answer per item, by item id. Approval: true (yes) / false (no); dots: points given;
 * consent: a level 1…5. Items left out are abstentions.
 */
export type Ballot = Record<string, boolean | number>;

export interface ApprovalResult {
  itemId: string;
  yes: number;
  no: number;
  abstain: number;
}
export interface DotsResult {
  itemId: string;
  points: number;
  /** Ballots that gave this item at least one point. */
  supporters: number;
}
export interface ConsentResult {
  itemId: string;
  /** Count per level: levels[0] is "fully support" … levels[4] is "block". */
  levels: number[];
  responses: number;
  /** Mean level (1 best … 5 block), two decimals; null without responses. */
  mean: number | null;
  blocks: number;
}

export type Tally =
  | { method: 'approval'; ballots: number; items: ApprovalResult[] }
  | { method: 'dots'; ballots: number; items: DotsResult[] }
  | { method: 'consent'; ballots: number; items: ConsentResult[] };

export interface Vote {
  id: string;
  title: string;
  groupId: string;
  method: VoteMethod;
  items: VoteItem[];
  /** Secret: the log keeps who voted, never what. */
  secret: boolean;
  /** Results are published after each ballot (else only at close). */
  liveResults: boolean;
  status: 'open' | 'closed';
  openedAt: number;
  closedAt: number | null;
  /** Member ids that cast a ballot, in first-cast order. */
  voters: string[];
  /** Ballots of an open (non-secret) vote, by member; always empty for secret votes. */
  ballots: Record<string, Ballot>;
  /**
   * Secret votes: the ballot-box id of each voter's latest accepted ballot, by member (from `ballot.cast`).
   * The tally counts exactly these: a ballot stored for a `ballot.cast` that was then refused is never named.
   */
  ballotIds: Record<string, string>;
  /** Latest published tally: live, or final once closed. */
  tally: Tally | null;
}

/** A secret ballot as the ballot box keeps it (see server/ports/ballotBox.ts). */
export interface StoredBallot {
  memberId: string;
  /** The id its `ballot.cast` names in the log; null for a ballot stored before ids existed. */
  ballotId: string | null;
  ballot: Ballot;
}

/** Data the server reads for a command outside the log (the ballot box), never taken from clients. */
export interface CommandInputs {
  /**
   * Every ballot stored for the command's vote, accepted or not: `decide` counts, for each voter, only the
   * one whose id the log names (see `countedBallots`).
   */
  stored?: StoredBallot[];
  /** `ballot.cast` on a secret vote: the id under which the server stored this ballot, before deciding. */
  ballotId?: string;
}
