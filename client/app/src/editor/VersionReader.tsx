import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionState } from '../../../../shared/session/types.js';
import { t } from '../i18n.js';
import '../messagesVersions.js';
import type { SessionController } from '../session.js';
import { authorName, errorMessageOf, readVersionResponse } from './versionView.js';
import type { VersionView } from './versionView.js';
import './versions.css';

export interface VersionReaderProps {
  controller: SessionController;
  state: SessionState;
  groupId: string;
  versionId: string;
  /** Time and phase title of the version, as the list shows them. */
  time: string;
  phase: string;
  /** Called once the dialog has closed (Escape, the Close button); the caller gives the focus back. */
  onClose: () => void;
}

type Load =
  { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'loaded'; version: VersionView };

/**
 * Facilitators: one recorded version of a group's document, in a modal dialog (native `<dialog>`: Escape
 * closes it, the rest of the page is inert meanwhile). The version is fetched with the resume token in an
 * `Authorization` header, never in a URL.
 */
export function VersionReader(props: VersionReaderProps) {
  const { controller, state, groupId, versionId } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    const closed = () => onClose.current();
    el.addEventListener('close', closed);
    if (!el.open) el.showModal();
    heading.current?.focus();
    return () => el.removeEventListener('close', closed);
  }, []);

  useEffect(() => {
    const abort = new AbortController();
    const token = controller.client.welcome?.resumeToken;
    const url =
      `/api/sessions/${encodeURIComponent(state.id)}/groups/${encodeURIComponent(groupId)}` +
      `/versions/${encodeURIComponent(versionId)}`;
    setLoad({ kind: 'loading' });
    fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal: abort.signal })
      .then(async (res) => {
        const body: unknown = await res.json().catch(() => null);
        const version = res.ok ? readVersionResponse(body) : null;
        if (version) setLoad({ kind: 'loaded', version });
        else setLoad({ kind: 'failed', message: errorMessageOf(body) ?? `${res.status} ${res.statusText}` });
      })
      .catch((e: unknown) => {
        if (abort.signal.aborted) return;
        setLoad({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
      });
    return () => abort.abort();
  }, [state.id, groupId, versionId]);

  const headingId = `version-heading-${versionId}`;
  return (
    <dialog ref={dialog} class="version-reader" aria-labelledby={headingId} data-testid="version-reader">
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {t('version.heading', { time: props.time, phase: props.phase })}
      </h2>
      {load.kind === 'loading' && (
        <p role="status" class="muted">
          {t('version.loading')}
        </p>
      )}
      {load.kind === 'failed' && (
        <p role="alert" class="error" data-testid="version-error">
          {t('version.failed', { message: load.message })}
        </p>
      )}
      {load.kind === 'loaded' &&
        (load.version.recommendations.length === 0 ? (
          <p class="muted">{t('version.empty')}</p>
        ) : (
          <>
            <p class="muted">{t('version.count', { count: load.version.recommendations.length })}</p>
            <ol class="version-recs" data-testid="version-recs">
              {load.version.recommendations.map((r) => {
                const author = authorName(state, r.createdBy);
                return (
                  <li key={r.id} data-status={r.status}>
                    <h3>{r.title}</h3>
                    <p class="muted small">
                      {author ? t('version.by', { name: author }) : t('version.unknownAuthor')}
                      {' · '}
                      {t('version.status', { status: t(`doc.status.${r.status}`) })}
                    </p>
                    {r.body && <p class="version-body">{r.body}</p>}
                  </li>
                );
              })}
            </ol>
          </>
        ))}
      <div class="button-row">
        <button type="button" data-testid="version-close" onClick={() => dialog.current?.close()}>
          {t('version.close')}
        </button>
      </div>
    </dialog>
  );
}
