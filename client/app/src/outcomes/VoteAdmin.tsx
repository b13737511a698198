import { useState } from 'preact/hooks';
import { GroupOptions } from '../components/GroupOptions.js';
import type { Command } from '../../../../shared/session/commands.js';
import type { Vote } from '../../../../shared/session/outcomes/types.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { PLENARY_ID } from '../../../../shared/session/types.js';
import { useCommand } from '../components/useCommand.js';
import { originParams } from './labels.js';
import { t } from '../i18n.js';
import type { SessionController } from '../session.js';
import { votingOpen } from './BallotForm.js';
import { VoteCard } from './VoteCard.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { CountField } from './CountField.js';

type Kind = 'approval' | 'dots' | 'consent';
type OpenVote = Extract<Command, { type: 'vote.open' }>;

/** The form that opens a vote: on harvested recommendations and/or free items, with a method and its options. */
function OpenVoteForm(props: { controller: SessionController; state: SessionState }) {
  const { state } = props;
  const command = useCommand(props.controller);
  const [title, setTitle] = useState('');
  const [groupId, setGroupId] = useState(PLENARY_ID);
  const [kind, setKind] = useState<Kind>('approval');
  const [points, setPoints] = useState(5);
  const [maxPerItem, setMaxPerItem] = useState(2);
  const [unchecked, setUnchecked] = useState<string[]>([]);
  const [free, setFree] = useState('');
  const [secret, setSecret] = useState(true);
  const [live, setLive] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const chosen = state.harvested.filter((h) => !unchecked.includes(h.id));
  const freeTitles = free
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const canOpen = votingOpen(state, groupId);
  return (
    <form
      class="stack-form open-vote"
      aria-labelledby="open-vote-heading"
      onSubmit={async (e) => {
        e.preventDefault();
        const items: NonNullable<OpenVote['items']> = [
          ...chosen.map((h) => ({ harvestedId: h.id })),
          ...freeTitles.map((line) => ({ title: line.slice(0, 300) })),
        ];
        if (items.length === 0) return setProblem(t('vote.noItems'));
        setProblem(null);
        const method: OpenVote['method'] =
          kind === 'dots' ? { kind, points, maxPerItem: Math.min(maxPerItem, points) } : { kind };
        const ok = await command.run({
          type: 'vote.open',
          method,
          items,
          groupId,
          secret,
          liveResults: live,
          ...(title.trim() ? { title: title.trim() } : {}),
        });
        if (ok) {
          setTitle('');
          setFree('');
        }
      }}
    >
      <h3 id="open-vote-heading">{t('vote.open.heading')}</h3>
      <div class="inline-form">
        <label class="field grow">
          <span>{t('vote.title')}</span>
          <input value={title} maxLength={200} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t('vote.group')}</span>
          <select value={groupId} onChange={(e) => setGroupId(e.currentTarget.value)}>
            <GroupOptions state={state} />
          </select>
        </label>
      </div>
      <fieldset>
        <legend>{t('vote.method')}</legend>
        {(['approval', 'dots', 'consent'] as const).map((k) => (
          <label key={k} class="choice block">
            <input
              type="radio"
              name="vote-method"
              value={k}
              checked={kind === k}
              data-testid={`vote-method-${k}`}
              onChange={() => setKind(k)}
            />
            <span>{t(`vote.method.${k}`)}</span>
          </label>
        ))}
        {kind === 'dots' && (
          <div class="inline-form">
            <CountField label={t('vote.points')} max={100} value={points} onChange={setPoints} />
            <CountField
              label={t('vote.maxPerItem')}
              max={points}
              value={Math.min(maxPerItem, points)}
              onChange={setMaxPerItem}
            />
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('vote.items')}</legend>
        {state.harvested.length > 0 && (
          <fieldset class="plain-fieldset">
            <legend class="small">{t('vote.harvestedItems')}</legend>
            {state.harvested.map((h) => (
              <label key={h.id} class="choice block">
                <input
                  type="checkbox"
                  checked={!unchecked.includes(h.id)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setUnchecked((u) => (on ? u.filter((x) => x !== h.id) : [...u, h.id]));
                  }}
                />
                <span>
                  {h.title}{' '}
                  <span class="muted small">· {t('harvest.from', originParams(state, h.groupId))}</span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <label class="field">
          <span>{t('vote.freeItems')}</span>
          <textarea
            rows={3}
            value={free}
            onInput={(e) => setFree(e.currentTarget.value)}
            data-testid="vote-free-items"
          />
        </label>
      </fieldset>
      <label class="choice">
        <input type="checkbox" checked={secret} onChange={(e) => setSecret(e.currentTarget.checked)} />
        <span>{t('vote.secret')}</span>
      </label>
      <label class="choice">
        <input
          type="checkbox"
          checked={live}
          data-testid="vote-live"
          onChange={(e) => setLive(e.currentTarget.checked)}
        />
        <span>{t('vote.live')}</span>
      </label>
      {live && secret && <p class="muted small">{t('vote.liveWarning')}</p>}
      {!canOpen && <p class="warning-text">{t('vote.noVotingPhase')}</p>}
      <button type="submit" class="primary" disabled={command.busy || !canOpen} data-testid="vote-open">
        {t('vote.submit')}
      </button>
      <ErrorLine message={problem ?? command.error} />
    </form>
  );
}

/** A vote in the console: progress with the voters' names (never their ballots), close, results. */
function AdminVote(props: { controller: SessionController; state: SessionState; vote: Vote }) {
  const { state, vote } = props;
  const command = useCommand(props.controller);
  const names = vote.voters.map((id) => state.members[id]?.name ?? id);
  return (
    <VoteCard state={state} vote={vote} level={3}>
      {names.length > 0 && <p class="muted small">{t('vote.voters', { names: names.join(', ') })}</p>}
      {vote.status === 'open' && (
        <div class="button-row">
          <button
            type="button"
            class="danger"
            disabled={command.busy}
            data-testid="vote-close"
            onClick={() => {
              if (confirm(t('vote.closeConfirm', { title: vote.title })))
                void command.run({ type: 'vote.close', voteId: vote.id });
            }}
          >
            {t('vote.close')}
          </button>
        </div>
      )}
      <ErrorLine message={command.error} />
    </VoteCard>
  );
}

/** Facilitators: open votes, follow them, close them and read the results; newest first. */
export function VoteAdmin(props: { controller: SessionController; state: SessionState }) {
  const { state } = props;
  return (
    <section class="card votes-admin" aria-labelledby="votes-heading" data-testid="vote-admin">
      <h2 id="votes-heading">{t('vote.heading')}</h2>
      <OpenVoteForm controller={props.controller} state={state} />
      {state.votes.length === 0 ? (
        <p class="muted">{t('vote.none')}</p>
      ) : (
        <div class="stack">
          {[...state.votes].reverse().map((v) => (
            <AdminVote key={v.id} controller={props.controller} state={state} vote={v} />
          ))}
        </div>
      )}
    </section>
  );
}
