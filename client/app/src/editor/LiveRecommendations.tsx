import { addRecommendation, withdrawRecommendation } from '../../../sdk/recommendations.js';
import './editor.css';
import type { SessionState } from '../../../../shared/session/types.js';
import { useState } from 'preact/hooks';
import { t } from '../i18n.js';
import type { SessionController } from '../session.js';
import { CollabField } from './CollabField.js';
import { readOnlyReason } from './readOnly.js';
import { useGroupDocument } from './useGroupDocument.js';

/**
 * The group's recommendations, co-edited live: one CodeMirror editor per title and body, bound to the
 * Y.Texts of the shared document. Read-only (and saying so) when the role or the phase does not allow
 * editing; the server enforces the same rule, keeps nothing of a refused edit, and this page then reloads
 * its copy from the server (and says so).
 */
export function LiveRecommendations(props: {
  controller: SessionController;
  state: SessionState;
  groupId: string;
  selfId: string;
}) {
  const { state, groupId, selfId } = props;
  const self = state.members[selfId];
  const live = useGroupDocument(props.controller, state.id, groupId, {
    id: selfId,
    name: self?.name ?? '?',
    observer: self?.role === 'observer',
  });
  // The recommendation this page just added: its title takes the focus once its editor exists, so typing
  // goes into it (and a space does not press "Add" again).
  const [added, setAdded] = useState<string | null>(null);
  const reason = readOnlyReason(state, selfId, groupId);
  const readOnly = reason !== null;
  return (
    <section class="card recommendations" aria-labelledby={`doc-${groupId}`} data-testid="recommendations">
      <h2 id={`doc-${groupId}`}>{t('doc.heading')}</h2>
      <p
        class={`doc-mode ${readOnly ? 'read-only' : 'editable'}`}
        data-testid="doc-mode"
        data-readonly={String(readOnly)}
      >
        {reason ?? t('doc.editable')}
      </p>
      {live?.refused && (
        <p role="alert" class="doc-refused" data-testid="doc-refused">
          {t('doc.refused')}
        </p>
      )}
      {live && live.status !== 'connected' && (
        <p role="status" class="muted">
          {live.synced ? t('doc.offline') : t('doc.connecting')}
        </p>
      )}
      {live && live.peers.length > 0 && (
        <p class="muted" data-testid="doc-peers">
          {t('doc.here', { names: live.peers.join(', ') })}
        </p>
      )}
      {live?.synced && live.entries.length === 0 && <p class="muted">{t('doc.empty')}</p>}
      {live && (
        <ol class="rec-list">
          {live.entries.map((entry, index) => (
            <li key={entry.id} class={`rec status-${entry.status}`} data-rec={entry.id}>
              <CollabField
                text={entry.title}
                awareness={live.awareness}
                label={t('doc.title', { n: index + 1 })}
                readOnly={readOnly || entry.status === 'withdrawn'}
                singleLine
                testId="rec-title"
                placeholderText={t('doc.titlePlaceholder')}
                autoFocus={entry.id === added}
              />
              <CollabField
                text={entry.body}
                awareness={live.awareness}
                label={t('doc.body', { n: index + 1 })}
                readOnly={readOnly || entry.status === 'withdrawn'}
                testId="rec-body"
                placeholderText={t('doc.bodyPlaceholder')}
              />
              <p class="rec-footer">
                <span class="badge">{t(`doc.status.${entry.status}`)}</span>
                {!readOnly && entry.status !== 'withdrawn' && (
                  <button
                    type="button"
                    class="danger"
                    onClick={() => withdrawRecommendation(live.doc, entry.id)}
                  >
                    {t('doc.withdraw')}
                  </button>
                )}
              </p>
            </li>
          ))}
        </ol>
      )}
      {live?.synced && !readOnly && (
        <button
          type="button"
          class="primary"
          data-testid="rec-add"
          onClick={() => setAdded(addRecommendation(live.doc, { title: '', createdBy: selfId }))}
        >
          {t('doc.add')}
        </button>
      )}
    </section>
  );
}
