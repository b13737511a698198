import { Header, ReconnectingBanner } from '../components/Header.js';
import { LiveAnnouncer } from '../components/LiveAnnouncer.js';
import { groupName, roleName } from '../format.js';
import { t } from '../i18n.js';
import { useSessionView } from '../session.js';
import type { SessionController } from '../session.js';
import { lazyComponent } from '../components/lazy.js';
import type { SessionController as Controller } from '../session.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { RefusedView, refusalText } from './JoinView.js';
import { ParticipantView } from './ParticipantView.js';

type ViewProps = { controller: Controller; state: SessionState; selfId: string };
const loadingView = () => (
  <main id="main" class="narrow" aria-busy="true">
    <p role="status">{t('status.connecting')}</p>
  </main>
);
/**
 * The facilitator's cockpit and the projector are chunks of their own: participants, by far the most
 * numerous, never load them (see docs/web-client.md, Size).
 */
const FacilitatorConsole = lazyComponent<ViewProps>(
  () => import('./FacilitatorConsole.js').then((m) => m.FacilitatorConsole),
  loadingView,
);
const ObserverView = lazyComponent<ViewProps>(
  () => import('./ObserverView.js').then((m) => m.ObserverView),
  loadingView,
);

/** Everything after joining: header, connection state, live announcements and the view for the role. */
export function SessionScreen(props: { controller: SessionController }) {
  const view = useSessionView(props.controller);
  const { state, welcome } = view;
  if (view.refusal && !state) return <RefusedView error={view.refusal} />;
  if (!state || !welcome) {
    return (
      <>
        <Header title={t('app.title')} status={view.status} />
        <main id="main" class="narrow" aria-busy="true">
          <p role="status">{t('status.connecting')}</p>
        </main>
      </>
    );
  }
  document.title = `${state.title} · Palabre`;
  const self = state.members[welcome.memberId];
  const role = self?.role ?? welcome.role;
  const subtitle = self
    ? t('you.are', { name: self.name, role: roleName(role), group: groupName(state.groups[self.groupId]) })
    : undefined;
  const ended = view.notice === 'session_ended' || state.status === 'ended';
  const removed = view.notice === 'removed' || self?.removed;
  const Body =
    role === 'facilitator' ? FacilitatorConsole : role === 'observer' ? ObserverView : ParticipantView;
  return (
    <div class={`role-${role}`} data-role={role}>
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Header title={state.title} subtitle={subtitle} status={view.status} />
      <ReconnectingBanner status={view.status} />
      {view.refusal && (
        <p class="banner warning" role="alert">
          {refusalText(view.refusal)}
        </p>
      )}
      {(ended || removed) && (
        <p class="banner warning" role="status">
          {removed ? t('live.removed') : t('live.ended')}
        </p>
      )}
      <LiveAnnouncer controller={props.controller} selfId={welcome.memberId} />
      <Body controller={props.controller} state={state} selfId={welcome.memberId} />
    </div>
  );
}
