import { editingMode, editingOpen } from '../../../../shared/session/documents/access.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { t } from '../i18n.js';

/** Why the reader may not edit this group's document now, or null if they may (the server's rule, shown). */
export function readOnlyReason(state: SessionState, selfId: string, groupId: string): string | null {
  const self = state.members[selfId];
  if (!self || self.role === 'observer') return t('doc.readOnlyObserver');
  if (self.role === 'participant' && self.groupId !== groupId) return t('doc.readOnlyPhase');
  if (editingMode(state, groupId) === 'locked') return t('doc.readOnlyLocked');
  if (!editingOpen(state, groupId)) return t('doc.readOnlyPhase');
  return null;
}
