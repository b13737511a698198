import { useState } from 'preact/hooks';
import type { SessionState } from '../../../../shared/session/types.js';
import { t } from '../i18n.js';
import type { SessionController } from '../session.js';
import { ErrorLine } from '../components/ErrorLine.js';

type Export = 'html' | 'md' | 'json' | 'log';

const FILE: Record<Exclude<Export, 'html'>, string> = {
  md: 'report.md',
  json: 'report.json',
  log: 'log.jsonl',
};

/**
 * Facilitators: the report (HTML opened in a new tab, Markdown and JSON downloaded) and the log export. The
 * routes want a facilitator's token: the page sends its resume token in a header and hands the answer over as
 * a blob URL, so the token never lands in a URL (history, proxy logs).
 */
export function ReportLinks(props: { controller: SessionController; state: SessionState }) {
  const { controller, state } = props;
  const [pseudonymise, setPseudonymise] = useState(false);
  const [busy, setBusy] = useState<Export | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function fetchBlob(kind: Export): Promise<Blob> {
    const token = controller.client.welcome?.resumeToken;
    const base = `/api/sessions/${encodeURIComponent(state.id)}`;
    const query = new URLSearchParams();
    if (kind === 'log') query.set('format', 'jsonl');
    else query.set('format', kind);
    if (pseudonymise && kind !== 'log') query.set('pseudonymise', '1');
    const res = await fetch(`${base}/${kind === 'log' ? 'log' : 'report'}?${query}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      throw new Error(body?.error?.message ?? res.statusText);
    }
    return res.blob();
  }

  async function run(kind: Export) {
    setError(null);
    setBusy(kind);
    // Opened now, within the click, so that popup blockers let it through; filled once the report is here.
    const tab = kind === 'html' ? window.open('', '_blank') : null;
    try {
      const blob = await fetchBlob(kind);
      const url = URL.createObjectURL(blob);
      if (kind === 'html') {
        if (tab) {
          tab.opener = null;
          tab.location.href = url;
        } else window.open(url, '_blank');
      } else {
        const a = document.createElement('a');
        a.href = url;
        a.download = `${state.id}-${FILE[kind]}`;
        document.body.append(a);
        a.click();
        a.remove();
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      tab?.close();
      setError(t('report.failed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(null);
    }
  }

  const button = (kind: Export, label: Parameters<typeof t>[0]) => (
    <button
      type="button"
      class={kind === 'html' ? 'primary' : ''}
      disabled={busy !== null}
      aria-busy={busy === kind}
      data-testid={`export-${kind}`}
      onClick={() => void run(kind)}
    >
      {t(label)}
    </button>
  );

  return (
    <section class="card" aria-labelledby="report-heading" data-testid="report-links">
      <h2 id="report-heading">{t('report.heading')}</h2>
      <p class="muted">{t('report.intro')}</p>
      <label class="choice">
        <input
          type="checkbox"
          checked={pseudonymise}
          onChange={(e) => setPseudonymise(e.currentTarget.checked)}
        />
        <span>{t('report.pseudonymise')}</span>
      </label>
      <div class="button-row">
        {button('html', 'report.html')}
        {button('md', 'report.md')}
        {button('json', 'report.json')}
      </div>
      <div class="button-row">{button('log', 'report.log')}</div>
      <p class="muted small">
        <code>{t('report.logHint')}</code>
      </p>
      <ErrorLine message={error} />
    </section>
  );
}
