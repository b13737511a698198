import { useState } from 'preact/hooks';
import type { SessionState } from '../../../../../shared/session/types.js';
import { useCommand } from '../../components/useCommand.js';
import { t } from '../../i18n.js';
import type { SessionController } from '../../session.js';
import { ErrorLine } from '../../components/ErrorLine.js';

/** Session status, start and end, and announcements to everyone. */
export function SessionControls(props: { controller: SessionController; state: SessionState }) {
  const { state } = props;
  const command = useCommand(props.controller);
  const [text, setText] = useState('');
  return (
    <section class="card" aria-labelledby="session-controls-heading">
      <h2 id="session-controls-heading">
        <span data-testid="session-status" data-status={state.status}>
          {t('console.session', { status: t(`session.${state.status}`) })}
        </span>
      </h2>
      <div class="button-row">
        {state.status === 'scheduled' && (
          <button
            type="button"
            class="primary"
            disabled={command.busy}
            onClick={() => void command.run({ type: 'session.start' })}
          >
            {t('console.start')}
          </button>
        )}
        {state.status !== 'ended' && (
          <button
            type="button"
            class="danger"
            disabled={command.busy}
            onClick={() => {
              if (confirm(t('console.endConfirm'))) void command.run({ type: 'session.end' });
            }}
          >
            {t('console.end')}
          </button>
        )}
      </div>
      <form
        class="stack-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await command.run({ type: 'announcement.make', text })) setText('');
        }}
      >
        <label class="field">
          <span>{t('ann.label')}</span>
          <textarea
            value={text}
            rows={2}
            maxLength={2000}
            required
            onInput={(e) => setText(e.currentTarget.value)}
            data-testid="announcement-text"
          />
        </label>
        <button type="submit" disabled={command.busy}>
          {t('ann.send')}
        </button>
      </form>
      <ErrorLine message={command.error} />
    </section>
  );
}
