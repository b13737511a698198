import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionState } from '../../../../../shared/session/types.js';
import { t } from '../../i18n.js';
import { alertOf, overrunAlerts, waitingHandAlerts } from './alertRules.js';
import type { ConsoleAlert } from './alertRules.js';
import type { SessionController } from '../../session.js';

const SOUND_KEY = 'palabre:alert-sound';
/** At most this many alerts are kept; older ones drop off. */
const MAX_ALERTS = 12;

function readSound(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}

/**
 * The page's one AudioContext. Browsers let a page make sound only after a gesture (autoplay rules): a
 * context made without one stays suspended and its chimes are lost, or play late, all at once. So it is made
 * (or woken) on the facilitator's click on the sound checkbox — or, when the choice was remembered from an
 * earlier visit, on their first click or key press in the page — and reused for every chime.
 */
let audio: AudioContext | null = null;

/** Makes or wakes the page's audio; call it from a user's gesture. Does nothing where Web Audio is missing. */
function unlockAudio(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state !== 'running') audio.resume().catch(() => undefined);
  } catch {
    audio = null;
  }
}

/**
 * A short two-tone chime, made by the browser (no sound file), on the context a gesture unlocked (woken first
 * if the browser suspended it). Silent before any gesture or where Web Audio is missing: the visible alert and
 * the title badge remain.
 */
async function chime(urgent: boolean): Promise<void> {
  if (!audio) return;
  try {
    if (audio.state !== 'running') await audio.resume();
    const start = audio.currentTime;
    const tones = urgent ? [880, 660, 880] : [660, 880];
    tones.forEach((frequency, i) => {
      const osc = audio!.createOscillator();
      const gain = audio!.createGain();
      osc.frequency.value = frequency;
      gain.gain.value = 0.15;
      osc.connect(gain).connect(audio!.destination);
      osc.start(start + i * 0.15);
      osc.stop(start + i * 0.15 + 0.12);
    });
  } catch {
    // no audio output: the visible alert and the title badge remain
  }
}

/**
 * The facilitator's alerts: every raised hand (points of order stand out) and every phase running over its
 * time, shown in a visible alert region until dismissed, counted in the tab's title — "(2) Atelier · Palabre" —
 * and, when the facilitator turned it on, with a chime.
 */
export function AlertsPanel(props: { controller: SessionController; state: SessionState; now: number }) {
  const { controller, state, now } = props;
  const [alerts, setAlerts] = useState<ConsoleAlert[]>([]);
  const [sound, setSound] = useState(readSound);
  /** Every alert raised so far: each is shown (and chimes) once, even after it dropped off the list. */
  const raised = useRef(new Set<string>());
  const soundRef = useRef(sound);
  soundRef.current = sound;

  const add = (found: ConsoleAlert[]) => {
    // Raised once, whether still shown or dismissed since: never again.
    const added = found.filter((a) => !raised.current.has(a.id));
    if (added.length === 0) return;
    for (const a of added) raised.current.add(a.id);
    if (soundRef.current) void chime(added.some((a) => a.kind === 'order'));
    setAlerts((prev) => [...added.reverse(), ...prev].slice(0, MAX_ALERTS));
  };

  // Sound remembered from an earlier visit: the audio can start only on a gesture, the first one in the page.
  useEffect(() => {
    if (!sound || audio) return;
    const options = { capture: true, once: true };
    document.addEventListener('pointerdown', unlockAudio, options);
    document.addEventListener('keydown', unlockAudio, options);
    return () => {
      document.removeEventListener('pointerdown', unlockAudio, options);
      document.removeEventListener('keydown', unlockAudio, options);
    };
  }, [sound]);

  useEffect(
    () =>
      controller.onEvents((events, after) => {
        add(events.flatMap((e) => alertOf(e, after) ?? []));
      }),
    [controller],
  );
  // Hands already up when the console opens (or comes back after a reload) are alerts too.
  useEffect(() => add(waitingHandAlerts(state)), []);
  useEffect(() => add(overrunAlerts(state, now)), [state, Math.floor(now / 1000)]);

  // The count in the tab's title, so a facilitator on another tab sees that something needs them.
  useEffect(() => {
    const base = `${state.title} · Palabre`;
    document.title = alerts.length > 0 ? `(${alerts.length}) ${base}` : base;
  });

  const dismiss = (ids: string[]) => {
    setAlerts((prev) => prev.filter((a) => !ids.includes(a.id)));
  };

  return (
    <section class="alerts" aria-labelledby="alerts-heading" data-testid="alerts" data-count={alerts.length}>
      <div class="alerts-head">
        <h2 id="alerts-heading">
          {t('alerts.heading')}
          {alerts.length > 0 && <span class="count-badge">{alerts.length}</span>}
        </h2>
        <label class="choice">
          <input
            type="checkbox"
            checked={sound}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              // This click is the gesture that lets the page make sound.
              if (on) unlockAudio();
              setSound(on);
              try {
                localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
              } catch {
                // private mode: the choice lasts for this page only
              }
            }}
            data-testid="alerts-sound"
          />
          <span>{t('alerts.sound')}</span>
        </label>
        {alerts.length > 1 && (
          <button type="button" class="small" onClick={() => dismiss(alerts.map((a) => a.id))}>
            {t('alerts.dismissAll')}
          </button>
        )}
      </div>
      <div role="alert" aria-atomic="false">
        {alerts.length === 0 ? (
          <p class="muted">{t('alerts.none')}</p>
        ) : (
          <ul class="alert-list">
            {alerts.map((a) => (
              <li key={a.id} class={`alert alert-${a.kind}`} data-kind={a.kind}>
                <span>{a.text}</span>
                <button
                  type="button"
                  class="small"
                  aria-label={t('alerts.dismissLabel', { text: a.text })}
                  onClick={() => dismiss([a.id])}
                >
                  {t('alerts.dismiss')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
