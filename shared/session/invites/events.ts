/** Payloads of the invite events; merged into EventData (events.ts). */
export interface InviteEventData {
  /** The invite `inviteId` no longer lets anyone join; members who joined with it stay. */
  'invite.revoked': { inviteId: string };
}
