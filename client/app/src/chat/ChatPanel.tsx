import { useRef, useState } from 'preact/hooks';
import type { ChatMessage, SessionState } from '../../../../shared/session/types.js';
import { CHAT_LIMITS } from '../../../../shared/session/chat/types.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { useCommand } from '../components/useCommand.js';
import { formatClockTime, t } from '../i18n.js';
import { groupName } from '../format.js';
import type { SessionController } from '../session.js';

type Mode = 'participant' | 'facilitator' | 'observer';

/** One message: time, author, text — or, once hidden, who hid it (its text stays only in the log). */
function MessageLine(props: {
  state: SessionState;
  message: ChatMessage;
  onHide?: ((id: string) => void) | undefined;
  /** Facilitators: answer this participant's question privately. */
  onAnswer?: ((message: ChatMessage) => void) | undefined;
  busy?: boolean;
  showGroup?: boolean;
}) {
  const { state, message: m } = props;
  const asker = state.members[m.authorId];
  const author = asker?.name ?? '?';
  return (
    <li
      class={`chat-message${m.hidden ? ' hidden' : ''}`}
      data-testid="chat-message"
      data-hidden={String(!!m.hidden)}
    >
      <span class="muted">{formatClockTime(m.at)}</span> <strong>{author}</strong>
      {props.showGroup && <span class="muted"> ({groupName(state.groups[m.groupId])})</span>}
      {m.to !== undefined && (
        <span class="muted"> {t('chat.answerTo', { name: state.members[m.to]?.name ?? '?' })}</span>
      )}
      {' · '}
      {m.hidden ? (
        <em class="muted">
          {t('chat.hidden', { name: state.members[m.hidden.by]?.name ?? t('chat.aFacilitator') })}
        </em>
      ) : (
        <span class="chat-text">{m.text}</span>
      )}
      {props.onAnswer && asker?.role === 'participant' && !asker.removed && (
        <button
          type="button"
          class="small"
          disabled={props.busy}
          aria-label={t('chat.answerLabel', { name: author })}
          onClick={() => props.onAnswer?.(m)}
          data-testid="chat-answer"
        >
          {t('chat.answer')}
        </button>
      )}
      {props.onHide && !m.hidden && (
        <button
          type="button"
          class="small danger"
          disabled={props.busy}
          aria-label={t('chat.hideLabel', { name: author })}
          onClick={() => props.onHide?.(m.id)}
          data-testid="chat-hide"
        >
          {t('chat.hide')}
        </button>
      )}
    </li>
  );
}

/**
 * The chat of one group. Participants post in their group or, privately, to the facilitators (and read
 * their own questions and the answers to them); facilitators read the group followed and every question,
 * answer in the group or privately to the one who asked, and hide a message; observers read (the
 * plenary's, on the projector). The server enforces all of it.
 */
export function ChatPanel(props: {
  controller: SessionController;
  state: SessionState;
  selfId: string;
  groupId: string;
  mode: Mode;
  /** Most recent messages shown (the projector has little room). */
  limit?: number;
}) {
  const { state, groupId, mode } = props;
  const command = useCommand(props.controller);
  const [text, setText] = useState('');
  const [channel, setChannel] = useState<'group' | 'facilitators'>('group');
  /** Facilitators: the participant a private answer goes to, or null for the group chat. */
  const [answering, setAnswering] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const all = state.chat ?? [];
  const groupMessages = all.filter((m) => m.channel === 'group' && m.groupId === groupId);
  const shown = props.limit ? groupMessages.slice(-props.limit) : groupMessages;
  const questions = all.filter((m) => m.channel === 'facilitators');
  const hide =
    mode === 'facilitator'
      ? (id: string) => void command.run({ type: 'chat.hide', messageId: id })
      : undefined;
  const headingId = `chat-${mode}-heading`;
  return (
    <section class="card chat" aria-labelledby={headingId} data-testid="chat">
      <h2 id={headingId}>{t('chat.heading', { group: groupName(state.groups[groupId]) })}</h2>
      {shown.length === 0 ? (
        <p class="muted">{t('chat.empty')}</p>
      ) : (
        <div
          class="chat-scroll"
          role="log"
          tabIndex={0}
          aria-label={t('chat.heading', { group: groupName(state.groups[groupId]) })}
        >
          <ol class="chat-list">
            {shown.map((m) => (
              <MessageLine key={m.id} state={state} message={m} onHide={hide} busy={command.busy} />
            ))}
          </ol>
        </div>
      )}
      {mode !== 'observer' && (
        <form
          class="stack-form chat-form"
          onSubmit={async (e) => {
            e.preventDefault();
            const sent = await command.run(
              mode === 'facilitator'
                ? answering !== null
                  ? { type: 'chat.post', channel: 'facilitators', to: answering, text }
                  : { type: 'chat.post', channel: 'group', text, groupId }
                : { type: 'chat.post', channel, text },
            );
            if (sent) {
              setText('');
              setAnswering(null);
            }
          }}
        >
          {mode === 'participant' && (
            <fieldset class="inline-form chat-channel">
              <legend>{t('chat.to')}</legend>
              <label class="choice">
                <input
                  type="radio"
                  name="chat-channel"
                  checked={channel === 'group'}
                  onChange={() => setChannel('group')}
                />
                <span>{t('chat.toGroup')}</span>
              </label>
              <label class="choice">
                <input
                  type="radio"
                  name="chat-channel"
                  checked={channel === 'facilitators'}
                  onChange={() => setChannel('facilitators')}
                  data-testid="chat-private"
                />
                <span>{t('chat.toFacilitators')}</span>
              </label>
            </fieldset>
          )}
          {mode === 'facilitator' && answering !== null && (
            <p class="chat-answering" data-testid="chat-answering">
              {t('chat.answering', { name: state.members[answering]?.name ?? '?' })}{' '}
              <button type="button" class="small" onClick={() => setAnswering(null)}>
                {t('chat.answerCancel')}
              </button>
            </p>
          )}
          <label class="field">
            <span>{t('chat.message')}</span>
            <input
              value={text}
              maxLength={CHAT_LIMITS.textMax}
              required
              onInput={(e) => setText(e.currentTarget.value)}
              ref={input}
              data-testid="chat-text"
            />
          </label>
          <button type="submit" disabled={command.busy} data-testid="chat-send">
            {t('chat.send')}
          </button>
        </form>
      )}
      <ErrorLine message={command.error} />
      {mode !== 'observer' && (mode === 'facilitator' || questions.length > 0) && (
        <div class="chat-questions" data-testid="chat-questions">
          <h3>{mode === 'facilitator' ? t('chat.questions') : t('chat.yourQuestions')}</h3>
          {questions.length === 0 ? (
            <p class="muted">{t('chat.noQuestion')}</p>
          ) : (
            <ol class="chat-list">
              {questions.map((m) => (
                <MessageLine
                  key={m.id}
                  state={state}
                  message={m}
                  onHide={hide}
                  onAnswer={
                    mode === 'facilitator'
                      ? (question) => {
                          setAnswering(question.authorId);
                          input.current?.focus();
                        }
                      : undefined
                  }
                  busy={command.busy}
                  showGroup={mode === 'facilitator'}
                />
              ))}
            </ol>
          )}
        </div>
      )}
    </section>
  );
}
