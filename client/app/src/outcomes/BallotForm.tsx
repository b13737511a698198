import { useState } from 'preact/hooks';
import type { Ballot, Vote, VoteItem } from '../../../../shared/session/outcomes/types.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { useCommand } from '../components/useCommand.js';
import { t } from '../i18n.js';
import type { SessionController } from '../session.js';
import { loadBallot, saveBallot } from '../storage.js';
import { originOf } from './labels.js';
import { ErrorLine } from '../components/ErrorLine.js';

const LEVELS = [1, 2, 3, 4, 5] as const;

/** Whether the group's current phase opens voting (the server's rule, shown before a refusal). */
export function votingOpen(state: SessionState, groupId: string): boolean {
  const phaseId = state.groups[groupId]?.phase?.phaseId;
  return state.agenda.find((p) => p.id === phaseId)?.capabilities.voting ?? false;
}

function spentOf(ballot: Ballot): number {
  return Object.values(ballot).reduce<number>((sum, v) => sum + (typeof v === 'number' ? v : 0), 0);
}

function without(ballot: Ballot, itemId: string): Ballot {
  const { [itemId]: _dropped, ...rest } = ballot;
  return rest;
}

function ItemLegend(props: { state: SessionState; item: VoteItem }) {
  const origin = originOf(props.state, props.item.origin?.groupId);
  return (
    <>
      <legend>
        <span class="item-title">{props.item.title}</span>
        {origin && <span class="muted small"> · {origin}</span>}
      </legend>
      {props.item.body && <p class="item-body">{props.item.body}</p>}
    </>
  );
}

/** Yes / no / abstain, or the five consent levels and abstain: native radios, one group per item. */
function Choices(props: {
  name: string;
  options: { value: boolean | number; label: string }[];
  value: boolean | number | undefined;
  disabled: boolean;
  onChange: (value: boolean | number | undefined) => void;
}) {
  const all = [...props.options, { value: undefined, label: t('vote.abstain') }];
  return (
    <div class="choices">
      {all.map((o) => (
        <label key={String(o.value)} class={`choice${props.value === o.value ? ' chosen' : ''}`}>
          <input
            type="radio"
            name={props.name}
            checked={props.value === o.value}
            disabled={props.disabled}
            onChange={() => props.onChange(o.value)}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </div>
  );
}

/**
 * The reader's ballot for an open vote, suited to its method; cast and change until the vote closes. What was
 * cast is kept in this browser only (a secret ballot is nowhere else to read back), never shown to others.
 */
export function BallotForm(props: {
  controller: SessionController;
  state: SessionState;
  vote: Vote;
  selfId: string;
}) {
  const { state, vote, selfId } = props;
  const command = useCommand(props.controller);
  const [sent, setSent] = useState<Ballot | null>(() => loadBallot(vote.id, selfId));
  const [ballot, setBallot] = useState<Ballot>(() => sent ?? {});
  const self = state.members[selfId];
  const recorded = vote.voters.includes(selfId);
  const canVote = vote.status === 'open' && votingOpen(state, vote.groupId);
  const disabled = !canVote || command.busy;
  const method = vote.method;
  const spent = spentOf(ballot);
  const over = method.kind === 'dots' && spent > method.points;
  const unsent = sent === null || JSON.stringify(sent) !== JSON.stringify(ballot);
  const set = (itemId: string, value: boolean | number | undefined) =>
    setBallot((b) => (value === undefined ? without(b, itemId) : { ...b, [itemId]: value }));

  if (self?.role !== 'participant') return <p class="muted">{t('ballot.facilitator')}</p>;
  if (self.groupId !== vote.groupId) return <p class="muted">{t('ballot.otherGroup')}</p>;

  const hint =
    method.kind === 'dots'
      ? t('ballot.dots.hint', { points: method.points, max: method.maxPerItem })
      : t(`ballot.${method.kind}.hint`);
  const hintId = `ballot-hint-${vote.id}`;
  return (
    <form
      class="ballot"
      data-testid="ballot"
      aria-describedby={hintId}
      onSubmit={async (e) => {
        e.preventDefault();
        const cast = ballot;
        if (await command.run({ type: 'ballot.cast', voteId: vote.id, ballot: cast })) {
          saveBallot(vote.id, selfId, cast);
          setSent(cast);
        }
      }}
    >
      <h3>{t('ballot.heading')}</h3>
      <p id={hintId} class="muted">
        {hint}
      </p>
      {method.kind === 'dots' && (
        <p class={`dots-left${over ? ' overrun' : ''}`} aria-live="polite" data-testid="dots-left">
          {over
            ? t('ballot.over', { spent, points: method.points })
            : t('ballot.left', { left: method.points - spent, points: method.points })}
        </p>
      )}
      <ol class="ballot-items">
        {vote.items.map((item) => {
          const value = ballot[item.id];
          const name = `ballot-${vote.id}-${item.id}`;
          if (method.kind === 'dots') {
            const points = typeof value === 'number' ? value : 0;
            const inputId = `${name}-points`;
            return (
              <li key={item.id} data-item={item.id}>
                <fieldset>
                  <ItemLegend state={state} item={item} />
                  <div class="dots">
                    <button
                      type="button"
                      aria-label={t('ballot.remove', { item: item.title })}
                      disabled={disabled || points <= 0}
                      onClick={() => set(item.id, points - 1 > 0 ? points - 1 : undefined)}
                    >
                      −
                    </button>
                    <label class="sr-only" for={inputId}>
                      {t('ballot.pointsOn', { item: item.title })}
                    </label>
                    <input
                      id={inputId}
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={method.maxPerItem}
                      value={points}
                      disabled={disabled}
                      onInput={(e) => {
                        const n = Math.max(
                          0,
                          Math.min(method.maxPerItem, Math.floor(Number(e.currentTarget.value) || 0)),
                        );
                        set(item.id, n > 0 ? n : undefined);
                      }}
                    />
                    <button
                      type="button"
                      aria-label={t('ballot.add', { item: item.title })}
                      disabled={disabled || points >= method.maxPerItem || spent >= method.points}
                      onClick={() => set(item.id, points + 1)}
                    >
                      +
                    </button>
                    <span class="dot-row" aria-hidden="true">
                      {'●'.repeat(points)}
                    </span>
                  </div>
                </fieldset>
              </li>
            );
          }
          const options =
            method.kind === 'approval'
              ? [
                  { value: true, label: t('vote.yes') },
                  { value: false, label: t('vote.no') },
                ]
              : LEVELS.map((l) => ({ value: l, label: t(`consent.${l}`) }));
          return (
            <li key={item.id} data-item={item.id}>
              <fieldset>
                <ItemLegend state={state} item={item} />
                <Choices
                  name={name}
                  options={options}
                  value={value}
                  disabled={disabled}
                  onChange={(v) => set(item.id, v)}
                />
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div class="button-row">
        <button type="submit" class="primary" disabled={disabled || over} data-testid="ballot-submit">
          {recorded ? t('ballot.change') : t('ballot.cast')}
        </button>
      </div>
      <p role="status" class="ballot-state" data-testid="ballot-state" data-recorded={String(recorded)}>
        {!canVote
          ? t(vote.status === 'open' ? 'ballot.phaseClosed' : 'ballot.closed')
          : recorded && sent
            ? unsent
              ? t('ballot.unsent')
              : t('ballot.recorded')
            : recorded
              ? t('ballot.recordedElsewhere')
              : ''}
      </p>
      <ErrorLine message={command.error} />
    </form>
  );
}
