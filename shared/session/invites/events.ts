import type { Role } from '../members/types.js';

/** Payloads of the invite events; merged into EventData (events.ts). */
export interface InviteEventData {
  /**
   * The server minted an invite link (never its token). Participants and observers receive it redacted
   * (`redacted: true` only): the list of links is the facilitators' and the admin's (see project.ts).
   */
  'invite.issued':
    | {
        inviteId: string;
        role: Role;
        groupId?: string | undefined;
        expiresAt: number;
        label?: string | undefined;
        /** `admin`, the facilitator's member id, or `facilitator` (a facilitator's invite, not joined). */
        issuedBy: string;
      }
    | { redacted: true };
  /** The invite `inviteId` no longer lets anyone join; members who joined with it stay. */
  'invite.revoked': { inviteId: string };
}
