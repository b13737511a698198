import type { Role } from '../members/types.js';

/** Longest label an organiser gives an invite link (e.g. "Table 3, participants"). */
export const INVITE_LABEL_MAX = 80;

/**
 * An invite link the server issued (`invite.issued`), as facilitators and the admin see it: never its token
 * (the secret is only in the answer that minted it), only what names it and what it lets in. Zod-free.
 */
export interface IssuedInvite {
  /** The `id` in its token, given to `invite.revoke`. */
  id: string;
  role: Role;
  /** The group its holders join (absent: the plenary). */
  groupId?: string | undefined;
  /** When its token stops working, ms since the epoch. */
  expiresAt: number;
  label?: string | undefined;
  issuedAt: number;
  /** `admin`, the facilitator's member id, or `facilitator` (a facilitator's invite, not joined). */
  issuedBy: string;
  /** Set once revoked (`invite.revoked`): when, and by whom (`admin` or a facilitator's member id). */
  revoked?: { at: number; by: string } | undefined;
}
