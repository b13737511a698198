import { useEffect, useState } from 'preact/hooks';
import type { EventOf } from '../../../../shared/session/events.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { useCommand } from '../components/useCommand.js';
import { groupName } from '../format.js';
import { t } from '../i18n.js';
import type { SessionController } from '../session.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { CountField } from './CountField.js';
import { attributeLabel } from './labels.js';

type Made = EventOf<'draw.made'>['data'];

/** The participants a draw takes by default: every participant not removed. */
function drawable(state: SessionState) {
  return Object.values(state.members).filter((m) => m.role === 'participant' && !m.removed);
}

/** Attribute names present among them (facilitators see attributes; nobody else does). */
function attributeNames(state: SessionState): string[] {
  const names = new Set<string>();
  for (const m of drawable(state)) for (const name of Object.keys(m.attributes)) names.add(name);
  return [...names].sort();
}

/**
 * Facilitators: split the participants into groups by lot — N groups or groups of about K —, optionally
 * balanced on declared attributes, with a seed recorded in the log; then the seed and the groups drawn.
 */
export function DrawPanel(props: { controller: SessionController; state: SessionState }) {
  const { controller, state } = props;
  const command = useCommand(controller);
  const [by, setBy] = useState<'count' | 'size'>('count');
  const [count, setCount] = useState(2);
  const [size, setSize] = useState(6);
  const [seed, setSeed] = useState('');
  const [prefix, setPrefix] = useState('');
  const [strata, setStrata] = useState<string[]>([]);
  const [made, setMade] = useState<Made | null>(null);
  useEffect(
    () =>
      controller.onEvents((events) => {
        for (const e of events) if (e.type === 'draw.made') setMade(e.data);
      }),
    [controller],
  );
  const names = attributeNames(state);
  const population = drawable(state).length;
  return (
    <section class="card" aria-labelledby="draw-heading" data-testid="draw-panel">
      <h2 id="draw-heading">{t('draw.heading')}</h2>
      <form
        class="stack-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!confirm(t('draw.confirm', { count: population }))) return;
          void command.run({
            type: 'draw.make',
            groups: by === 'count' ? { count } : { size },
            ...(seed.trim() ? { seed: seed.trim() } : {}),
            ...(prefix.trim() ? { namePrefix: prefix.trim() } : {}),
            stratifyBy: strata.filter((s) => names.includes(s)),
          });
        }}
      >
        <fieldset class="inline-form">
          <legend>{t('draw.by')}</legend>
          <label class="choice">
            <input type="radio" name="draw-by" checked={by === 'count'} onChange={() => setBy('count')} />
            <span>{t('draw.byCount')}</span>
          </label>
          <label class="choice">
            <input type="radio" name="draw-by" checked={by === 'size'} onChange={() => setBy('size')} />
            <span>{t('draw.bySize')}</span>
          </label>
        </fieldset>
        {by === 'count' ? (
          <CountField
            label={t('draw.count')}
            max={100}
            value={count}
            required
            testId="draw-count"
            onChange={setCount}
          />
        ) : (
          <CountField label={t('draw.size')} value={size} required onChange={setSize} />
        )}
        <label class="field">
          <span>{t('draw.seed')}</span>
          <input
            value={seed}
            maxLength={128}
            aria-describedby="draw-seed-hint"
            data-testid="draw-seed"
            onInput={(e) => setSeed(e.currentTarget.value)}
          />
          <small id="draw-seed-hint" class="muted">
            {t('draw.seedHint')}
          </small>
        </label>
        <label class="field">
          <span>{t('draw.prefix')}</span>
          <input value={prefix} maxLength={60} onInput={(e) => setPrefix(e.currentTarget.value)} />
        </label>
        {names.length === 0 ? (
          <p class="muted">{t('draw.noAttributes')}</p>
        ) : (
          <fieldset class="inline-form">
            <legend>{t('draw.stratify')}</legend>
            {names.map((name) => (
              <label key={name} class="choice">
                <input
                  type="checkbox"
                  checked={strata.includes(name)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setStrata((s) => (on ? [...s, name] : s.filter((x) => x !== name)));
                  }}
                />
                <span>{attributeLabel(state, name)}</span>
              </label>
            ))}
          </fieldset>
        )}
        <p class="muted">{t('draw.population', { count: population })}</p>
        <button
          type="submit"
          class="primary"
          disabled={command.busy || population === 0}
          data-testid="draw-submit"
        >
          {t('draw.submit')}
        </button>
      </form>
      <ErrorLine message={command.error} />
      {made && (
        <div class="draw-result" data-testid="draw-result" role="status">
          <h3>
            {t('draw.result')}
            <code data-testid="draw-seed-used">{made.seed}</code>
          </h3>
          <p class="muted">
            {made.stratifyBy.length > 0
              ? t('draw.strata', { names: made.stratifyBy.map((k) => attributeLabel(state, k)).join(', ') })
              : t('draw.plain')}
          </p>
          <ul class="drawn-groups">
            {made.assignment.map((a) => (
              <li key={a.groupId}>
                <strong>{groupName(state.groups[a.groupId])}</strong> ({a.memberIds.length}) —{' '}
                {a.memberIds.map((id) => state.members[id]?.name ?? id).join(', ')}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
