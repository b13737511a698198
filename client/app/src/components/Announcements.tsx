import type { SessionState } from '../../../../shared/session/types.js';
import { formatClockTime, t } from '../i18n.js';

/** Announcements, newest first. New ones are read out by the LiveAnnouncer, not by this list. */
export function Announcements(props: { state: SessionState; limit?: number }) {
  const items = [...props.state.announcements].reverse().slice(0, props.limit ?? 5);
  return (
    <section class="card announcements" aria-labelledby="ann-heading">
      <h2 id="ann-heading">{t('ann.heading')}</h2>
      {items.length === 0 ? (
        <p class="muted">{t('ann.none')}</p>
      ) : (
        <ul data-testid="announcements">
          {items.map((a) => (
            <li key={a.id}>
              <time dateTime={new Date(a.at).toISOString()}>{formatClockTime(a.at)}</time> {a.text}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
