import { useEffect, useState } from 'preact/hooks';
import type { SessionState } from '../../../../shared/session/types.js';
import { t } from '../i18n.js';
import type { SessionController } from '../session.js';

type Props = { controller: SessionController; state: SessionState; groupId: string; selfId: string };
type Editor = (props: Props) => preact.JSX.Element;

let loading: Promise<Editor> | null = null;

/**
 * The recommendations editor, loaded on first use: CodeMirror and Yjs are most of the page's weight, and
 * the join page, agenda and queue should not wait for them (see docs/web-client.md for the sizes).
 */
export function RecommendationsEditor(props: Props) {
  const [Editor, setEditor] = useState<Editor | null>(null);
  useEffect(() => {
    loading ??= import('./LiveRecommendations.js').then((m) => m.LiveRecommendations);
    let alive = true;
    void loading.then((loaded) => alive && setEditor(() => loaded));
    return () => {
      alive = false;
    };
  }, []);
  if (Editor) return <Editor {...props} />;
  return (
    <section class="card recommendations" aria-busy="true">
      <h2>{t('doc.heading')}</h2>
      <p role="status" class="muted">
        {t('doc.connecting')}
      </p>
    </section>
  );
}
