import { useEffect, useMemo, useState } from 'preact/hooks';
import { checkToken } from '../../sdk/invite.js';
import type { InviteCheck } from '../../sdk/invite.js';
import type { PalabreError } from '../../../shared/errors.js';
import { Header } from './components/Header.js';
import { lazyComponent } from './components/lazy.js';
import { t, useLang } from './i18n.js';
import { SessionController } from './session.js';
import { forgetResume, loadResume } from './storage.js';
import { JoinView, RefusedView } from './views/JoinView.js';
import { SessionScreen } from './views/SessionScreen.js';

/** The invite token, from an invite link `/join#<token>`. */
function inviteFromLocation(): string | null {
  const token = decodeURIComponent(location.hash.replace(/^#/, '')).trim();
  return token.length > 0 ? token : null;
}

type Stage =
  | { kind: 'checking' }
  | { kind: 'form'; check: Extract<InviteCheck, { ok: true }>; notice?: string | undefined }
  | { kind: 'refused'; error: PalabreError }
  | { kind: 'session'; controller: SessionController };

/**
 * From an invite link to a live session: resume silently when this browser already joined with this link,
 * otherwise check the invite (so an expired or forged link is explained before anything is asked), ask for
 * a display name and join.
 */
function InviteFlow({ invite }: { invite: string }) {
  const [stage, setStage] = useState<Stage>({ kind: 'checking' });
  const [busy, setBusy] = useState(false);

  const checkInvite = async (notice?: string) => {
    const check = await checkToken(location.origin, invite);
    setStage(check.ok ? { kind: 'form', check, notice } : { kind: 'refused', error: check.error });
  };

  const enter = (controller: SessionController, resumed: boolean) => {
    const off = controller.subscribe((view) => {
      if (view.state) {
        off();
        return;
      }
      if (!view.refusal) return;
      off();
      controller.close();
      setBusy(false);
      if (!resumed && view.refusal.code === 'bad_request') {
        // The answers asked at join did not pass (the definition may have changed): ask again.
        void checkInvite(t('join.attributesRefused', { message: view.refusal.message }));
      } else if (resumed) {
        // The saved access is no longer valid: forget it and fall back to the invite itself.
        forgetResume(invite);
        void checkInvite(t('join.previousExpired'));
      } else {
        setStage({ kind: 'refused', error: view.refusal });
      }
    });
    controller.start();
    setStage({ kind: 'session', controller });
  };

  useEffect(() => {
    const resume = loadResume(invite);
    if (resume) enter(new SessionController(invite, { resume }), true);
    else void checkInvite();
    // The flow runs once per invite; a new hash reloads the page.
  }, [invite]);

  useEffect(() => () => (stage.kind === 'session' ? stage.controller.close() : undefined), [stage]);

  switch (stage.kind) {
    case 'checking':
      return (
        <>
          <Header title={t('app.title')} />
          <main id="main" class="narrow" aria-busy="true">
            <p role="status">{t('status.connecting')}</p>
          </main>
        </>
      );
    case 'refused':
      return (
        <>
          <Header title={t('app.title')} />
          <RefusedView error={stage.error} />
        </>
      );
    case 'form':
      return (
        <>
          <Header title={t('app.title')} />
          <JoinView
            check={stage.check}
            notice={stage.notice}
            busy={busy}
            onJoin={(name, attributes) => {
              setBusy(true);
              enter(new SessionController(invite, { name, attributes }), false);
            }}
          />
        </>
      );
    case 'session':
      return <SessionScreen controller={stage.controller} />;
  }
}

/** The organiser's page, a chunk of its own: participants never load it. */
const AdminPage = lazyComponent<Record<string, never>>(
  () => import('./admin/AdminPage.js').then((m) => m.AdminPage),
  () => (
    <main id="main" class="narrow" aria-busy="true">
      <p role="status">{t('status.connecting')}</p>
    </main>
  ),
);

export function App() {
  useLang();
  const invite = useMemo(inviteFromLocation, []);
  if (location.pathname.replace(/\/+$/, '') === '/admin') return <AdminPage />;
  useEffect(() => {
    const reload = () => location.reload();
    window.addEventListener('hashchange', reload);
    return () => window.removeEventListener('hashchange', reload);
  }, []);
  if (!invite) {
    return (
      <>
        <Header title={t('app.title')} />
        <main id="main" class="narrow">
          <section class="card">
            <h1>{t('landing.heading')}</h1>
            <p>{t('landing.body')}</p>
          </section>
        </main>
      </>
    );
  }
  return <InviteFlow invite={invite} />;
}
