import { useState } from 'preact/hooks';
import type { InviteCheck } from '../../../sdk/invite.js';
import type { PalabreError } from '../../../../shared/errors.js';
import { checkJoinAttributes } from '../../../../shared/session/members/joinAttributes.js';
import type { JoinAttribute } from '../../../../shared/session/members/joinAttributes.js';
import { roleName } from '../format.js';
import { t } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { ErrorLine } from '../components/ErrorLine.js';

const REFUSALS = new Set([
  'token_expired',
  'token_revoked',
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

/** One question of the session's `joinAttributes`: a select when it has choices, a text field otherwise. */
function AttributeField(props: {
  attribute: JoinAttribute;
  value: string;
  onChange: (value: string) => void;
}) {
  const { attribute, value, onChange } = props;
  const id = `join-attr-${attribute.key}`;
  const common = {
    id,
    name: `attr-${attribute.key}`,
    value,
    required: attribute.required === true,
    'data-testid': id,
  };
  return (
    <div class="field">
      <label for={id}>
        {attribute.label}
        {attribute.required && <span class="muted"> {t('join.required')}</span>}
      </label>
      {attribute.choices ? (
        <select {...common} onChange={(e) => onChange(e.currentTarget.value)}>
          <option value="">{attribute.required ? t('join.choose') : t('join.noAnswer')}</option>
          {attribute.choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      ) : (
        <input {...common} maxLength={60} onInput={(e) => onChange(e.currentTarget.value)} />
      )}
    </div>
  );
}

export function JoinView(props: {
  check: Extract<InviteCheck, { ok: true }>;
  notice?: string | undefined;
  busy: boolean;
  onJoin: (name: string, attributes?: Record<string, string>) => void;
}) {
  const [name, setName] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const { invite, session } = props.check;
  // Only participants are drawn into groups: facilitators and observers are not asked.
  const asked = invite.kind === 'invite' && invite.role === 'participant' ? session.joinAttributes : [];
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
            if (!name.trim()) return;
            if (asked.length === 0) return props.onJoin(name.trim());
            const checked = checkJoinAttributes(asked, answers, 'participant');
            if (!checked.ok)
              return setProblem(t('join.attributesProblem', { message: checked.error.message }));
            setProblem(null);
            props.onJoin(name.trim(), checked.attributes);
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
          {asked.length > 0 && (
            <fieldset class="join-attributes" aria-describedby="join-private" data-testid="join-attributes">
              <legend>{t('join.aboutYou')}</legend>
              <p id="join-private" class="muted">
                {t('join.private')}
              </p>
              {asked.map((attribute) => (
                <AttributeField
                  key={attribute.key}
                  attribute={attribute}
                  value={answers[attribute.key] ?? ''}
                  onChange={(value) => setAnswers((a) => ({ ...a, [attribute.key]: value }))}
                />
              ))}
            </fieldset>
          )}
          <ErrorLine message={problem} />
          <button type="submit" class="primary" disabled={props.busy} data-testid="join-submit">
            {props.busy ? t('join.joining') : t('join.submit')}
          </button>
        </form>
      </section>
    </main>
  );
}
