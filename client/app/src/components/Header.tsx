import type { ConnectionStatus } from '../../../sdk/palabreClient.js';
import { LANGS, getLang, setLang, t } from '../i18n.js';
import type { Lang } from '../i18n.js';

function LanguageSwitch() {
  const lang = getLang();
  return (
    <div class="lang-switch" role="group" aria-label={t('lang.label')}>
      {LANGS.map((l: Lang) => (
        <button
          type="button"
          key={l}
          lang={l}
          aria-pressed={l === lang}
          onClick={() => setLang(l)}
          title={l === 'fr' ? 'Français' : 'English'}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  return (
    <span class={`badge status-${status}`} data-status={status}>
      {status === 'reconnecting' ? t('status.badge.reconnecting') : t(`status.${status}`)}
    </span>
  );
}

export function Header(props: { title: string; subtitle?: string; status?: ConnectionStatus }) {
  return (
    <header class="app-header">
      <div class="brand">
        <span class="logo" aria-hidden="true">
          ◆
        </span>
        <div>
          <p class="session-title">{props.title}</p>
          {props.subtitle && <p class="subtitle">{props.subtitle}</p>}
        </div>
      </div>
      <div class="header-tools">
        {props.status && <ConnectionBadge status={props.status} />}
        <LanguageSwitch />
      </div>
    </header>
  );
}

/** The banner shown while the connection is down: visible, and read out once by screen readers. */
export function ReconnectingBanner({ status }: { status: ConnectionStatus }) {
  return (
    <div role="status" class="banner-slot">
      {status === 'reconnecting' && <p class="banner warning">{t('status.reconnecting')}</p>}
    </div>
  );
}
