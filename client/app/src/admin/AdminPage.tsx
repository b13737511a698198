import '../messagesAdmin.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AGENDA_TEMPLATES, DEFAULT_TEMPLATE } from '../../../../shared/session/phases/templates.js';
import type { AgendaTemplateName } from '../../../../shared/session/phases/templates.js';
import { PHASE_KINDS, SESSION_STATUSES } from '../../../../shared/session/types.js';
import type { PhaseKind, Role, SessionStatus } from '../../../../shared/session/types.js';
import { DEFAULT_TIME_ZONE } from '../../../../shared/session/members/types.js';
import { Header } from '../components/Header.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { ScrollTable } from '../components/ScrollTable.js';
import { roleName } from '../format.js';
import { formatClockTime, getLang, t } from '../i18n.js';
import type { MessageKey } from '../messages.js';

/** The admin token lives in this tab's session storage only: closing the tab signs out. */
const TOKEN_KEY = 'palabre:admin-token';
const ROLES: Role[] = ['facilitator', 'participant', 'observer'];

interface InviteLink {
  id?: string;
  token: string;
  url: string;
  expiresAt: string;
}
/** An invite link the server issued, as `GET /api/sessions/:id/invites` lists it (never its token). */
interface IssuedInvite {
  id: string;
  role: Role;
  groupId?: string;
  label?: string;
  issuedAt: string;
  issuedBy: string;
  expiresAt: string;
  status: 'active' | 'expired' | 'revoked';
}
interface Summary {
  id: string;
  title: string;
  status: SessionStatus;
  createdAt: number;
}
interface PhaseRow {
  kind: PhaseKind;
  title: string;
  minutes: number;
}
interface QuestionRow {
  key: string;
  label: string;
  choices: string;
  required: boolean;
}

/** Calls the admin API with the token; throws the server's message on refusal. */
async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => null)) as
    (T & { ok?: boolean; error?: { message?: string; code?: string } }) | null;
  if (!res.ok || !json) {
    const error = new Error(json?.error?.message ?? res.statusText);
    throw Object.assign(error, { status: res.status });
  }
  return json;
}

function templateRows(name: AgendaTemplateName): PhaseRow[] {
  return AGENDA_TEMPLATES[name].map((p) => ({
    kind: p.kind,
    title: 'title' in p ? p.title : '',
    minutes: p.durationSec / 60,
  }));
}

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** Sign in with the admin token; it is checked against the API before being kept. */
function SignIn(props: { onToken: (token: string) => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <section class="card" aria-labelledby="admin-signin-heading">
      <h2 id="admin-signin-heading">{t('admin.signIn')}</h2>
      <form
        class="stack-form"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await api(value.trim(), 'GET', '/api/sessions?limit=1');
            try {
              sessionStorage.setItem(TOKEN_KEY, value.trim());
            } catch {
              // storage off: signed in for this page only
            }
            props.onToken(value.trim());
          } catch {
            setError(t('admin.badToken'));
          }
        }}
      >
        <label class="field">
          <span>{t('admin.token')}</span>
          <input
            type="password"
            autoComplete="off"
            value={value}
            required
            aria-describedby="admin-token-help"
            onInput={(e) => setValue(e.currentTarget.value)}
            data-testid="admin-token"
          />
        </label>
        <p id="admin-token-help" class="muted">
          {t('admin.tokenHelp')}
        </p>
        <button type="submit" class="primary" data-testid="admin-signin">
          {t('admin.signInSubmit')}
        </button>
      </form>
      <ErrorLine message={error} />
    </section>
  );
}

/** Revokes one invite link of a session (recorded in its log); throws the server's refusal. */
function revokeInvite(token: string, sessionId: string, inviteId: string): Promise<unknown> {
  return api(token, 'POST', `/api/sessions/${sessionId}/invites/revoke`, { inviteId });
}

/** The invite links of one session: copy each, revoke each (recorded in the session's log). */
function InviteLinks(props: {
  token: string;
  sessionId: string;
  title: string;
  invites: Partial<Record<Role, InviteLink>>;
  /** Told once a link is revoked (the list of issued links reloads). */
  onRevoked: () => void;
}) {
  const [revoked, setRevoked] = useState<Set<string>>(new Set());
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <section class="card" aria-labelledby={`invites-${props.sessionId}`} data-testid="admin-invites">
      <h2 id={`invites-${props.sessionId}`}>{t('admin.invites', { title: props.title })}</h2>
      <ScrollTable
        labelledBy={`invites-${props.sessionId}`}
        columns={[t('admin.inviteRole'), t('admin.inviteLink'), t('admin.inviteExpires'), t('admin.actions')]}
      >
        {ROLES.map((role) => {
          const invite = props.invites[role];
          if (!invite) return null;
          const gone = invite.id !== undefined && revoked.has(invite.id);
          return (
            <tr key={role} data-role-invite={role} data-revoked={String(gone)}>
              <th scope="row">{roleName(role)}</th>
              <td>
                <input
                  readOnly
                  value={invite.url}
                  aria-label={`${t('admin.inviteLink')} · ${roleName(role)}`}
                  class="invite-url"
                  data-testid="invite-url"
                />
              </td>
              <td>{new Date(invite.expiresAt).toLocaleDateString(getLang())}</td>
              <td>
                <div class="button-row">
                  <button
                    type="button"
                    class="small"
                    aria-label={t('admin.copyLabel', { role: roleName(role) })}
                    onClick={async () => {
                      try {
                        await navigator.clipboard.writeText(invite.url);
                        setStatus(t('admin.copied'));
                      } catch {
                        setStatus(invite.url);
                      }
                    }}
                  >
                    {t('admin.copy')}
                  </button>
                  {invite.id !== undefined &&
                    (gone ? (
                      <span class="badge">{t('admin.revoked')}</span>
                    ) : (
                      <button
                        type="button"
                        class="small danger"
                        aria-label={t('admin.revokeLabel', { role: roleName(role) })}
                        data-testid="invite-revoke"
                        onClick={async () => {
                          if (!confirm(t('admin.revokeConfirm', { role: roleName(role) }))) return;
                          try {
                            await revokeInvite(props.token, props.sessionId, invite.id!);
                            setRevoked((s) => new Set([...s, invite.id!]));
                            props.onRevoked();
                          } catch (err) {
                            setError(t('admin.failed', { message: (err as Error).message }));
                          }
                        }}
                      >
                        {t('admin.revoke')}
                      </button>
                    ))}
                </div>
              </td>
            </tr>
          );
        })}
      </ScrollTable>
      <p role="status" class="muted">
        {status}
      </p>
      <ErrorLine message={error} />
    </section>
  );
}

/**
 * The invite links the server issued for one session (recorded in its log, so they outlive this tab), with
 * their status and a Revoke button for those still active. `refresh` changes when a link was revoked or
 * minted anywhere on the page (the list is read again); `onRevoked` is told when one is revoked here.
 */
function IssuedInvites(props: {
  token: string;
  sessionId: string;
  title: string;
  refresh: string;
  onRevoked: () => void;
}) {
  const [invites, setInvites] = useState<IssuedInvite[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    api<{ invites: IssuedInvite[] }>(props.token, 'GET', `/api/sessions/${props.sessionId}/invites`).then(
      (answer) => current && setInvites(answer.invites),
      (err: unknown) => current && setError(t('admin.failed', { message: (err as Error).message })),
    );
    return () => {
      current = false;
    };
  }, [props.token, props.sessionId, props.refresh]);
  const when = (iso: string) => {
    const at = new Date(iso).getTime();
    return `${new Date(at).toLocaleDateString(getLang())} ${formatClockTime(at)}`;
  };
  const headingId = `issued-${props.sessionId}`;
  return (
    <section class="card" aria-labelledby={headingId} data-testid="admin-issued">
      <h2 id={headingId}>{t('admin.issuedHeading', { title: props.title })}</h2>
      {invites?.length === 0 && <p class="muted">{t('admin.issuedNone')}</p>}
      {invites && invites.length > 0 && (
        <ScrollTable
          labelledBy={headingId}
          columns={[
            t('admin.inviteRole'),
            t('admin.inviteLabel'),
            t('admin.inviteIssued'),
            t('admin.inviteExpires'),
            t('admin.inviteStatus'),
            t('admin.actions'),
          ]}
        >
          {invites.map((invite) => (
            <tr key={invite.id} data-issued-invite={invite.id} data-status={invite.status}>
              <th scope="row">{roleName(invite.role)}</th>
              <td>{invite.label ?? ''}</td>
              <td>{when(invite.issuedAt)}</td>
              <td>{new Date(invite.expiresAt).toLocaleDateString(getLang())}</td>
              <td>
                {invite.status === 'active' ? (
                  t('admin.inviteActive')
                ) : (
                  <span class="badge">
                    {invite.status === 'revoked' ? t('admin.revoked') : t('admin.inviteExpired')}
                  </span>
                )}
              </td>
              <td>
                {invite.status === 'active' && (
                  <button
                    type="button"
                    class="small danger"
                    aria-label={t('admin.revokeIssuedLabel', {
                      role: roleName(invite.role),
                      time: when(invite.issuedAt),
                    })}
                    data-testid="issued-revoke"
                    onClick={async () => {
                      if (!confirm(t('admin.revokeConfirm', { role: roleName(invite.role) }))) return;
                      try {
                        await revokeInvite(props.token, props.sessionId, invite.id);
                        props.onRevoked();
                      } catch (err) {
                        setError(t('admin.failed', { message: (err as Error).message }));
                      }
                    }}
                  >
                    {t('admin.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </ScrollTable>
      )}
      <ErrorLine message={error} />
    </section>
  );
}

/** A new session from a template, its agenda edited, groups and the questions asked at join. */
function CreateSession(props: {
  token: string;
  onCreated: (created: { id: string; title: string; invites: Record<Role, InviteLink> }) => void;
}) {
  const [title, setTitle] = useState('');
  const [locale, setLocale] = useState<'fr' | 'en'>(getLang());
  const [timeZone, setTimeZone] = useState(DEFAULT_TIME_ZONE);
  const [template, setTemplate] = useState<AgendaTemplateName>(DEFAULT_TEMPLATE);
  const [phases, setPhases] = useState<PhaseRow[]>(() => templateRows(DEFAULT_TEMPLATE));
  const [groups, setGroups] = useState('');
  const [questions, setQuestions] = useState<QuestionRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const setPhase = (i: number, patch: Partial<PhaseRow>) =>
    setPhases((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const setQuestion = (i: number, patch: Partial<QuestionRow>) =>
    setQuestions((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <section class="card" aria-labelledby="admin-create-heading">
      <h2 id="admin-create-heading">{t('admin.create')}</h2>
      <form
        class="stack-form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          const names = groups
            .split('\n')
            .map((g) => g.trim())
            .filter(Boolean);
          const joinAttributes = questions
            .filter((q) => q.key.trim() && q.label.trim())
            .map((q) => {
              const choices = q.choices
                .split(',')
                .map((c) => c.trim())
                .filter(Boolean);
              return {
                key: q.key.trim(),
                label: q.label.trim(),
                ...(choices.length ? { choices } : {}),
                ...(q.required ? { required: true } : {}),
              };
            });
          try {
            const created = await api<{
              session: { id: string; title: string };
              invites: Record<Role, InviteLink>;
            }>(props.token, 'POST', '/api/sessions', {
              title,
              locale,
              agenda: phases.map((p) => ({
                kind: p.kind,
                durationSec: Math.round(p.minutes * 60),
                ...(p.title.trim() ? { title: p.title.trim() } : {}),
              })),
              ...(names.length ? { groups: names.map((name) => ({ name })) } : {}),
              settings: { timeZone, ...(joinAttributes.length ? { joinAttributes } : {}) },
            });
            props.onCreated({
              id: created.session.id,
              title: created.session.title,
              invites: created.invites,
            });
            setTitle('');
          } catch (err) {
            setError(t('admin.failed', { message: (err as Error).message }));
          } finally {
            setBusy(false);
          }
        }}
      >
        <label class="field">
          <span>{t('admin.sessionTitle')}</span>
          <input
            value={title}
            required
            maxLength={200}
            onInput={(e) => setTitle(e.currentTarget.value)}
            data-testid="admin-title"
          />
        </label>
        <div class="inline-form">
          <label class="field">
            <span>{t('admin.language')}</span>
            <select value={locale} onChange={(e) => setLocale(e.currentTarget.value as 'fr' | 'en')}>
              <option value="fr">Français</option>
              <option value="en">English</option>
            </select>
          </label>
          <label class="field">
            <span>{t('admin.timeZone')}</span>
            <input value={timeZone} required onInput={(e) => setTimeZone(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span>{t('admin.template')}</span>
            <select
              value={template}
              onChange={(e) => {
                const name = e.currentTarget.value as AgendaTemplateName;
                setTemplate(name);
                setPhases(templateRows(name));
              }}
              data-testid="admin-template"
            >
              {Object.keys(AGENDA_TEMPLATES).map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <EditableRows
          legend={t('admin.agenda')}
          rows={phases}
          setRows={setPhases}
          blank={(): PhaseRow => ({ kind: 'custom', title: '', minutes: 15 })}
          minRows={1}
          addLabel={t('admin.phaseAdd')}
          removeLabel={(n) => t('admin.phaseRemove', { n })}
          row={(p, i) => (
            <>
              <select
                value={p.kind}
                aria-label={t('admin.phaseKind', { n: i + 1 })}
                onChange={(e) => setPhase(i, { kind: e.currentTarget.value as PhaseKind })}
              >
                {PHASE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`phaseKind.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
              <input
                value={p.title}
                maxLength={200}
                aria-label={t('admin.phaseTitle', { n: i + 1 })}
                placeholder={t(`phaseKind.${p.kind}` as MessageKey)}
                onInput={(e) => setPhase(i, { title: e.currentTarget.value })}
              />
              <input
                type="number"
                min={1}
                max={1440}
                required
                value={p.minutes}
                aria-label={t('admin.phaseMinutes', { n: i + 1 })}
                onInput={(e) => setPhase(i, { minutes: Number(e.currentTarget.value) })}
              />
            </>
          )}
        />
        <label class="field">
          <span>{t('admin.groups')}</span>
          <textarea
            rows={3}
            value={groups}
            onInput={(e) => setGroups(e.currentTarget.value)}
            data-testid="admin-groups"
          />
        </label>
        <EditableRows
          legend={t('admin.questions')}
          rows={questions}
          setRows={setQuestions}
          blank={() => ({ key: '', label: '', choices: '', required: false })}
          addLabel={t('admin.questionAdd')}
          removeLabel={(n) => t('admin.questionRemove', { n })}
          row={(q, i) => (
            <>
              <input
                value={q.key}
                required
                pattern="[\p{L}\p{N}_\-]+"
                aria-label={t('admin.questionKey', { n: i + 1 })}
                onInput={(e) => setQuestion(i, { key: e.currentTarget.value })}
              />
              <input
                value={q.label}
                required
                aria-label={t('admin.questionLabel', { n: i + 1 })}
                onInput={(e) => setQuestion(i, { label: e.currentTarget.value })}
              />
              <input
                value={q.choices}
                aria-label={t('admin.questionChoices', { n: i + 1 })}
                onInput={(e) => setQuestion(i, { choices: e.currentTarget.value })}
              />
              <label class="choice">
                <input
                  type="checkbox"
                  checked={q.required}
                  onChange={(e) => setQuestion(i, { required: e.currentTarget.checked })}
                />
                <span>{t('admin.questionRequired')}</span>
              </label>
            </>
          )}
        />
        <button type="submit" class="primary" disabled={busy} data-testid="admin-create">
          {t('admin.createSubmit')}
        </button>
      </form>
      <ErrorLine message={error} />
    </section>
  );
}

/**
 * Sessions, newest first, a page at a time, with their status, new invite links, the links issued so far
 * and the report.
 */
function SessionList(props: {
  token: string;
  refresh: number;
  onInvites: (created: { id: string; title: string; invites: Partial<Record<Role, InviteLink>> }) => void;
}) {
  const [status, setStatus] = useState<SessionStatus | ''>('');
  const [sessions, setSessions] = useState<Summary[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async (cursor?: string) => {
    const query = new URLSearchParams({ limit: '20' });
    if (status) query.set('status', status);
    if (cursor) query.set('cursor', cursor);
    try {
      const page = await api<{ sessions: Summary[]; next: string | null }>(
        props.token,
        'GET',
        `/api/sessions?${query}`,
      );
      setSessions((prev) => (cursor ? [...prev, ...page.sessions] : page.sessions));
      setNext(page.next);
    } catch (err) {
      setError(t('admin.failed', { message: (err as Error).message }));
    }
  };
  useEffect(() => void load(), [status, props.refresh]);

  const openReport = async (id: string) => {
    const tab = window.open('', '_blank');
    try {
      const res = await fetch(
        `/api/sessions/${encodeURIComponent(id)}/report?format=html&lang=${getLang()}`,
        {
          headers: { Authorization: `Bearer ${props.token}` },
        },
      );
      if (!res.ok) throw new Error(res.statusText);
      const url = URL.createObjectURL(await res.blob());
      if (tab) {
        tab.opener = null;
        tab.location.href = url;
      } else window.open(url, '_blank');
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      tab?.close();
      setError(t('admin.failed', { message: (err as Error).message }));
    }
  };
  const newInvites = async (s: Summary) => {
    try {
      const entries = await Promise.all(
        ROLES.map(async (role) => {
          const answer = await api<{ invite: InviteLink }>(
            props.token,
            'POST',
            `/api/sessions/${s.id}/invites`,
            { role },
          );
          return [role, answer.invite] as const;
        }),
      );
      props.onInvites({ id: s.id, title: s.title, invites: Object.fromEntries(entries) });
    } catch (err) {
      setError(t('admin.failed', { message: (err as Error).message }));
    }
  };

  return (
    <section class="card" aria-labelledby="admin-sessions-heading" data-testid="admin-sessions">
      <h2 id="admin-sessions-heading">{t('admin.sessions')}</h2>
      <label class="field">
        <span>{t('admin.filter')}</span>
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value as SessionStatus | '')}>
          <option value="">{t('admin.all')}</option>
          {SESSION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`session.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {sessions.length === 0 ? (
        <p class="muted">{t('admin.none')}</p>
      ) : (
        <ScrollTable
          labelledBy="admin-sessions-heading"
          columns={[
            t('admin.sessionTitle'),
            t('admin.status.col'),
            t('admin.created.col'),
            t('admin.actions'),
          ]}
        >
          {sessions.map((s) => (
            <tr key={s.id} data-session={s.id}>
              <th scope="row">{s.title}</th>
              <td>{t(`session.${s.status}`)}</td>
              <td>
                {new Date(s.createdAt).toLocaleDateString(getLang())} {formatClockTime(s.createdAt)}
              </td>
              <td>
                <div class="button-row">
                  <button
                    type="button"
                    class="small"
                    aria-label={t('admin.invitesLabel', { title: s.title })}
                    onClick={() => void newInvites(s)}
                  >
                    {t('admin.newInvites')}
                  </button>
                  <button
                    type="button"
                    class="small"
                    aria-label={t('admin.showInvitesLabel', { title: s.title })}
                    onClick={() => props.onInvites({ id: s.id, title: s.title, invites: {} })}
                  >
                    {t('admin.showInvites')}
                  </button>
                  <button
                    type="button"
                    class="small"
                    aria-label={t('admin.reportLabel', { title: s.title })}
                    onClick={() => void openReport(s.id)}
                  >
                    {t('admin.report')}
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </ScrollTable>
      )}
      {next && (
        <button type="button" onClick={() => void load(next)}>
          {t('admin.more')}
        </button>
      )}
      <ErrorLine message={error} />
    </section>
  );
}

/**
 * The organiser's page at /admin: sign in with the admin token (kept in this tab's session storage only),
 * create a session (template or edited agenda, groups, questions asked at join, time zone), copy or revoke
 * its invite links, list sessions by status and open their reports. Everything goes through the admin API.
 */

/**
 * An editable list in a fieldset (the agenda's phases, the questions asked at join): the fields `row` draws
 * for each item, a remove button per row (kept off while `minRows` remain) and an add button for `blank()`.
 */
function EditableRows<T>(props: {
  legend: string;
  rows: T[];
  setRows: (update: (rows: T[]) => T[]) => void;
  blank: () => T;
  minRows?: number;
  addLabel: string;
  /** The remove button's accessible name for row `n` (1-based). */
  removeLabel: (n: number) => string;
  row: (item: T, index: number) => ComponentChildren;
}) {
  const { rows, setRows } = props;
  return (
    <fieldset class="admin-rows">
      <legend>{props.legend}</legend>
      <ol>
        {rows.map((item, i) => (
          <li key={i} class="inline-form">
            {props.row(item, i)}
            <button
              type="button"
              class="small danger"
              disabled={rows.length <= (props.minRows ?? 0)}
              aria-label={props.removeLabel(i + 1)}
              onClick={() => setRows((all) => all.filter((_, j) => j !== i))}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      <button type="button" class="small" onClick={() => setRows((all) => [...all, props.blank()])}>
        {props.addLabel}
      </button>
    </fieldset>
  );
}

export function AdminPage() {
  const [token, setToken] = useState<string | null>(readToken);
  const [shown, setShown] = useState<{
    id: string;
    title: string;
    invites: Partial<Record<Role, InviteLink>>;
    created?: boolean;
  } | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [issuedRefresh, setIssuedRefresh] = useState(0);
  /** The links on show, by token: new links minted for the session make a new list. */
  const shownTokens = shown
    ? Object.values(shown.invites)
        .map((i) => i.token)
        .join()
    : '';
  useEffect(() => {
    document.title = `${t('admin.title')} · Palabre`;
  });
  return (
    <div class="role-admin">
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Header title={`Palabre · ${t('admin.title')}`} />
      <main id="main" class="admin" tabIndex={-1}>
        <h1>{t('admin.heading')}</h1>
        {!token ? (
          <SignIn onToken={setToken} />
        ) : (
          <>
            <p>
              <button
                type="button"
                onClick={() => {
                  try {
                    sessionStorage.removeItem(TOKEN_KEY);
                  } catch {
                    // nothing kept
                  }
                  setToken(null);
                }}
              >
                {t('admin.signOut')}
              </button>
            </p>
            <p role="status">{shown?.created ? t('admin.created', { title: shown.title }) : ''}</p>
            {shown && Object.keys(shown.invites).length > 0 && (
              <InviteLinks
                key={shown.id + shownTokens}
                token={token}
                sessionId={shown.id}
                title={shown.title}
                invites={shown.invites}
                onRevoked={() => setIssuedRefresh((n) => n + 1)}
              />
            )}
            {shown && (
              <IssuedInvites
                key={shown.id}
                token={token}
                sessionId={shown.id}
                title={shown.title}
                refresh={`${issuedRefresh}:${shownTokens}`}
                onRevoked={() => setIssuedRefresh((n) => n + 1)}
              />
            )}
            <div class="grid two">
              <CreateSession
                token={token}
                onCreated={(created) => {
                  setShown({ ...created, created: true });
                  setRefresh((n) => n + 1);
                }}
              />
              <SessionList token={token} refresh={refresh} onInvites={setShown} />
            </div>
          </>
        )}
      </main>
    </div>
  );
}
