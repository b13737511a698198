import type { Phase } from '../phases/types.js';
import type { Role, SessionSettings } from './types.js';

/** Payloads of the session's own events and its members'; merged into EventData (events.ts). */
export interface MemberEventData {
  'session.created': {
    id: string;
    title: string;
    locale: string;
    agenda: Phase[];
    settings: SessionSettings;
    /**
     * Every invite of this session is recorded (`invite.issued`) from its creation on: an id not recorded is
     * a mistake, not an older link. Absent in sessions created before invites were recorded.
     */
    invitesRecorded?: true;
  };
  'session.started': Record<string, never>;
  'session.ended': Record<string, never>;
  'settings.changed': Partial<SessionSettings>;
  'member.joined': {
    memberId: string;
    name: string;
    role: Role;
    groupId: string;
    attributes: Record<string, string>;
  };
  'member.renamed': { memberId: string; name: string };
  'member.removed': { memberId: string };
  'member.moved': { memberId: string; groupId: string };
  /** The member's first connection opened (none was open on any process). */
  'member.connected': { memberId: string };
  /** The member's last connection closed (`left`), or the process that held it died (`lapsed`). */
  'member.disconnected': { memberId: string; reason: 'left' | 'lapsed' };
  /**
   * The member's personal data was erased on request: from now on (and when any earlier event is read
   * again) their name is ERASED_MEMBER_NAME and their attributes are empty. Carries no personal data.
   */
  'member.erased': { memberId: string };
  'announcement.made': { id: string; text: string };
}
