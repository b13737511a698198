import { phaseName } from '../format.js';
import { documentOf } from '../../../../shared/session/documents/access.js';
import type { EditingMode, SessionState } from '../../../../shared/session/types.js';
import { useRef, useState } from 'preact/hooks';
import { lazyComponent } from '../components/lazy.js';
import { useCommand } from '../components/useCommand.js';
import { formatClockTime, t } from '../i18n.js';
import type { SessionController } from '../session.js';
import type { VersionReaderProps } from './VersionReader.js';
import { ErrorLine } from '../components/ErrorLine.js';

/** The version reader, a chunk of its own loaded at the first "Read" (facilitators only). */
const VersionReader = lazyComponent<VersionReaderProps>(
  () => import('./VersionReader.js').then((m) => m.VersionReader),
  () => null,
);

const MODES: EditingMode[] = ['phase', 'open', 'locked'];

/** Facilitators: open or lock a group's document regardless of the phase, and see its recorded versions. */
export function DraftingControls(props: {
  controller: SessionController;
  state: SessionState;
  groupId: string;
}) {
  const { state, groupId } = props;
  const command = useCommand(props.controller);
  const document = documentOf(state, groupId);
  const selectId = `editing-${groupId}`;
  // The version being read, with its group: the reader closes if the console follows another group meanwhile.
  const [reading, setReading] = useState<{
    groupId: string;
    versionId: string;
    time: string;
    phase: string;
  } | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  return (
    <section class="card" aria-labelledby={`drafting-${groupId}`}>
      <h2 id={`drafting-${groupId}`}>{t('doc.admin')}</h2>
      <div class="inline-form">
        <label class="field" for={selectId}>
          <span>{t('doc.mode')}</span>
        </label>
        <select
          id={selectId}
          value={document.editing}
          disabled={command.busy}
          data-testid="editing-mode"
          onChange={(e) =>
            void command.run({ type: 'editing.set', groupId, mode: e.currentTarget.value as EditingMode })
          }
        >
          {MODES.map((mode) => (
            <option key={mode} value={mode}>
              {t(`doc.mode.${mode}`)}
            </option>
          ))}
        </select>
      </div>
      <ErrorLine message={command.error} />
      <h3>{t('doc.versions')}</h3>
      {document.versions.length === 0 ? (
        <p class="muted">{t('doc.noVersions')}</p>
      ) : (
        <ul data-testid="doc-versions">
          {document.versions.map((v) => {
            const time = formatClockTime(v.at);
            const found = state.agenda.find((p) => p.id === v.phaseId);
            const phase = found ? phaseName(found) : '—';
            return (
              <li key={v.versionId}>
                {t('doc.version', { time, phase, count: v.recommendations })}{' '}
                <button
                  type="button"
                  aria-label={t('doc.readLabel', { time, phase })}
                  aria-haspopup="dialog"
                  data-testid="doc-version-read"
                  onClick={(e) => {
                    opener.current = e.currentTarget;
                    setReading({ groupId, versionId: v.versionId, time, phase });
                  }}
                >
                  {t('doc.read')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {reading?.groupId === groupId && (
        <VersionReader
          controller={props.controller}
          state={state}
          {...reading}
          onClose={() => {
            setReading(null);
            opener.current?.focus();
          }}
        />
      )}
    </section>
  );
}
