import { useState } from 'preact/hooks';
import type { InviteCheck } from '../../../sdk/invite.js';
import type { PalabreError } from '../../../../shared/errors.js';
import { roleName } from '../format.js';
import { t } from '../i18n.js';
import type { MessageKey } from '../messages.js';

const REFUSALS = new Set([
  'token_expired',
  'unauthenticated',
  'not_member',
  'session_ended',
  'limit_exceeded',
]);

export function refusalText(error: PalabreError): string {
  if (REFUSALS.has(error.code)) return t(`refused.${error.code}` as MessageKey);
  return t('refused.other', { message: error.message });
}

/** An invite that the server refused (expired, forged, session full…): say why, plainly. */
export function RefusedView(props: { error: PalabreError; onRetry?: (() => void) | undefined }) {
  return (
    <main id="main" class="narrow" tabIndex={-1}>
      <section class="card refused" data-testid="refused" data-code={props.error.code}>
        <h1>{t('refused.heading')}</h1>
        <p role="alert">{refusalText(props.error)}</p>
        {props.onRetry && (
          <button type="button" onClick={props.onRetry}>
            {t('refused.retry')}
          </button>
        )}
      </section>
    </main>
  );
}

export function JoinView(props: {
  check: Extract<InviteCheck, { ok: true }>;
  notice?: string | undefined;
  busy: boolean;
  onJoin: (name: string) => void;
}) {
  const [name, setName] = useState('');
  const { invite, session } = props.check;
  return (
    <main id="main" class="narrow" tabIndex={-1}>
      <section class="card join">
        <h1>{t('join.heading')}</h1>
        <p class="session-name">{session.title}</p>
        {invite.kind === 'invite' && <p>{t('join.invitedAs', { role: roleName(invite.role) })}</p>}
        {props.notice && (
          <p class="banner info" role="status">
            {props.notice}
          </p>
        )}
        <form
          class="stack-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) props.onJoin(name.trim());
          }}
        >
          <label class="field">
            <span>{t('join.name')}</span>
            <input
              name="name"
              autoComplete="nickname"
              value={name}
              maxLength={60}
              required
              autoFocus
              onInput={(e) => setName(e.currentTarget.value)}
              data-testid="join-name"
            />
          </label>
          <button type="submit" class="primary" disabled={props.busy} data-testid="join-submit">
            {props.busy ? t('join.joining') : t('join.submit')}
          </button>
        </form>
      </section>
    </main>
  );
}
