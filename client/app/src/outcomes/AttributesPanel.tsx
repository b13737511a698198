import '../messagesAttributes.js';
import { useState } from 'preact/hooks';
import type { Member, SessionState } from '../../../../shared/session/types.js';
import { useCommand } from '../components/useCommand.js';
import { t } from '../i18n.js';
import type { SessionController } from '../session.js';
import { parseAttributeTable, planImport } from './attributeImport.js';
import { ErrorLine } from '../components/ErrorLine.js';

/** Members an import or an edit may touch: participants not removed (only they are drawn). */
function participants(state: SessionState): Member[] {
  return Object.values(state.members).filter((m) => m.role === 'participant' && !m.removed);
}

/** The session's questions first, in their order, then any other attribute someone has. */
function attributeKeys(state: SessionState, people: readonly Member[]): string[] {
  const asked = (state.settings.joinAttributes ?? []).map((a) => a.key);
  const others = new Set<string>();
  for (const m of people)
    for (const key of Object.keys(m.attributes)) if (!asked.includes(key)) others.add(key);
  return [...asked, ...[...others].sort()];
}

/** attributes.set takes many members at once; batches keep each message well under the payload limit. */
const BATCH = 200;

/**
 * Facilitators: every participant's private attributes (declared at join or imported), one to edit, and an
 * import of many pasted as a table with a header row (`name;age;quartier`), matched by display name.
 */
export function AttributesPanel(props: { controller: SessionController; state: SessionState }) {
  const { controller, state } = props;
  const edit = useCommand(controller);
  const importer = useCommand(controller);
  const people = participants(state);
  const keys = attributeKeys(state, people);
  const [memberId, setMemberId] = useState('');
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [table, setTable] = useState('');
  const [report, setReport] = useState('');
  const target = people.find((m) => m.id === memberId) ?? people[0];
  const labels = new Map((state.settings.joinAttributes ?? []).map((a) => [a.key, a.label]));

  const runImport = async () => {
    const parsed = parseAttributeTable(table);
    if (parsed.keys.length === 0) {
      setReport(t('attributes.importBadHeader'));
      return;
    }
    const plan = planImport(parsed, people);
    const ids = Object.keys(plan.members);
    let ok = true;
    for (let i = 0; i < ids.length && ok; i += BATCH) {
      const members = Object.fromEntries(ids.slice(i, i + BATCH).map((id) => [id, plan.members[id]!]));
      ok = await importer.run({ type: 'attributes.set', members });
    }
    const parts = [ok ? t('attributes.imported', { count: ids.length }) : t('attributes.importFailed')];
    if (plan.unmatched.length) parts.push(t('attributes.unmatched', { names: plan.unmatched.join(', ') }));
    if (plan.ambiguous.length) parts.push(t('attributes.ambiguous', { names: plan.ambiguous.join(', ') }));
    if (parsed.problems.length) {
      parts.push(t('attributes.badLines', { lines: parsed.problems.map((p) => p.line).join(', ') }));
    }
    setReport(parts.join(' '));
  };

  return (
    <section class="card" aria-labelledby="attributes-heading" data-testid="attributes-panel">
      <h2 id="attributes-heading">{t('attributes.heading')}</h2>
      <p class="muted">{t('attributes.intro')}</p>
      {people.length === 0 ? (
        <p class="muted">{t('attributes.nobody')}</p>
      ) : (
        <div class="table-wrap">
          <table data-testid="attributes-table">
            <thead>
              <tr>
                <th scope="col">{t('attributes.name')}</th>
                {keys.map((k) => (
                  <th key={k} scope="col" data-attribute-key={k}>
                    {labels.get(k) ?? k}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {people.map((m) => (
                <tr key={m.id} data-member={m.id}>
                  <th scope="row">{m.name}</th>
                  {keys.map((k) => (
                    <td key={k} data-attribute={k}>
                      {m.attributes[k] ?? <span class="muted">—</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {target && (
        <form
          class="inline-form"
          aria-labelledby="attributes-edit-heading"
          onSubmit={(e) => {
            e.preventDefault();
            if (!key.trim()) return;
            void edit
              .run({ type: 'attributes.set', members: { [target.id]: { [key.trim()]: value.trim() } } })
              .then((ok) => ok && setValue(''));
          }}
        >
          <h3 id="attributes-edit-heading" class="sr-only">
            {t('attributes.edit')}
          </h3>
          <label class="field">
            <span>{t('attributes.member')}</span>
            <select value={target.id} onChange={(e) => setMemberId(e.currentTarget.value)}>
              {people.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>{t('attributes.key')}</span>
            <input
              value={key}
              list="attribute-keys"
              maxLength={60}
              required
              onInput={(e) => setKey(e.currentTarget.value)}
            />
            <datalist id="attribute-keys">
              {keys.map((k) => (
                <option key={k} value={k} />
              ))}
            </datalist>
          </label>
          <label class="field">
            <span>{t('attributes.value')}</span>
            <input
              value={value}
              maxLength={60}
              aria-describedby="attributes-value-hint"
              placeholder={target.attributes[key.trim()] ?? ''}
              onInput={(e) => setValue(e.currentTarget.value)}
            />
          </label>
          <button type="submit" disabled={edit.busy}>
            {t('attributes.save')}
          </button>
          <small id="attributes-value-hint" class="muted">
            {t('attributes.valueHint')}
          </small>
        </form>
      )}
      <ErrorLine message={edit.error} />

      <form
        class="stack-form"
        onSubmit={(e) => {
          e.preventDefault();
          void runImport();
        }}
      >
        <label class="field">
          <span>{t('attributes.import')}</span>
          <textarea
            rows={5}
            value={table}
            aria-describedby="attributes-import-hint"
            placeholder={t('attributes.importPlaceholder')}
            spellcheck={false}
            data-testid="attributes-import"
            onInput={(e) => setTable(e.currentTarget.value)}
          />
        </label>
        <small id="attributes-import-hint" class="muted">
          {t('attributes.importHint')}
        </small>
        <button
          type="submit"
          disabled={importer.busy || !table.trim()}
          data-testid="attributes-import-submit"
        >
          {t('attributes.importSubmit')}
        </button>
      </form>
      <p role="status" aria-live="polite" data-testid="attributes-import-result">
        {report}
      </p>
      <ErrorLine message={importer.error} />
    </section>
  );
}
