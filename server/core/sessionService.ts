import type { PalabreError } from '../../shared/errors.js';
import type { Command, CommandType } from '../../shared/session/commands.js';
import { decide } from '../../shared/session/decide.js';
import type { NewEvent, SessionEvent } from '../../shared/session/events.js';
import { newEvent } from '../../shared/session/events.js';
import { evolve, replay } from '../../shared/session/evolve.js';
import { inBatch } from '../../shared/session/transient.js';
import type { PhaseInput } from '../../shared/session/phases/schemas.js';
import { normalizeAgenda } from '../../shared/session/phases/schemas.js';
import { AGENDA_TEMPLATES, DEFAULT_TEMPLATE } from '../../shared/session/phases/templates.js';
import type { AgendaTemplateName } from '../../shared/session/phases/templates.js';
import type { CommandInputs } from '../../shared/session/outcomes/types.js';
import type { Actor, SessionSettings, SessionState, SessionStatus } from '../../shared/session/types.js';
import type { EventStore } from '../ports/eventStore.js';
import { pageOf } from '../ports/sessionCatalog.js';
import type { SessionCatalog, SessionSummary } from '../ports/sessionCatalog.js';
import type { PersonalDataStore } from '../ports/personalDataStore.js';
import type { SnapshotStore } from '../ports/snapshotStore.js';
import { seal } from './personalData.js';
import type { Logger } from '../log.js';
import type { Clock } from './clock.js';
import { chain } from './hashChain.js';
import { randomId } from './ids.js';
import { InFlight } from './inFlight.js';
import { KeyedQueue } from './keyedQueue.js';
import { fromStore } from './storeUnavailable.js';
import { stateFormat } from './stateFormat.js';

export interface CreateSessionInput {
  title: string;
  locale?: string | undefined;
  agenda?: PhaseInput[] | undefined;
  template?: AgendaTemplateName | undefined;
  groups?: { name: string }[] | undefined;
  settings?: Partial<SessionSettings> | undefined;
}

export type ExecuteResult =
  { ok: true; version: number; events: SessionEvent[] } | { ok: false; error: PalabreError };

export type EventsListener = (sessionId: string, events: SessionEvent[], state: SessionState) => void;
export type LoadedListener = (sessionId: string, state: SessionState) => void;

export interface SessionServiceOptions {
  /** Where to cache states so long logs load fast; none: always replay the whole log. */
  snapshots?: SnapshotStore | undefined;
  /** Events between two snapshots of a session. */
  snapshotEvery?: number;
  /** Override of the state format (tests). */
  format?: string;
  /**
   * Sessions kept in memory beyond the live ones; the least recently used scheduled or ended sessions
   * are dropped past it (and reloaded, from their snapshot, when asked for again).
   */
  maxIdleSessions?: number;
  /** Where a listener's failure is reported (with the session and the error as its cause). */
  log?: Logger | undefined;
  /**
   * The index of sessions kept on every lifecycle change (created, started, ended), so that start-up and
   * lists never read every log; none: `activeIds` and `page` scan the store (tests with a bare store).
   */
  catalog?: SessionCatalog | undefined;
  /**
   * Where names and attributes go, outside the log (core/personalData.ts); the store given to the service
   * must then be wrapped in a PersonalDataEventStore. None: personal values stay inline in the events.
   */
  personalData?: PersonalDataStore | undefined;
}

/** Events that change a session's summary in the catalog. */
const LIFECYCLE = new Set(['session.created', 'session.started', 'session.ended']);

/** What the catalog keeps of a session's state. */
export function summaryOf(state: SessionState): SessionSummary {
  return {
    id: state.id,
    title: state.title,
    status: state.status,
    createdAt: state.createdAt,
    startedAt: state.startedAt,
    endedAt: state.endedAt,
  };
}

const sameSummary = (a: SessionSummary, b: SessionSummary) =>
  a.status === b.status &&
  a.title === b.title &&
  a.createdAt === b.createdAt &&
  a.startedAt === b.startedAt &&
  a.endedAt === b.endedAt;

/**
 * Reads what a command needs from outside the log (e.g. the ballot box), on the state it will be decided
 * on; runs again on each retry. What it returns reaches `decide` as `ctx.inputs`, never from clients.
 */
export type InputProvider = (request: {
  sessionId: string;
  state: SessionState;
  command: Command;
  actor: Actor;
  now: number;
}) => Promise<CommandInputs>;

const MAX_ATTEMPTS = 8;

export const DEFAULT_SETTINGS: SessionSettings = { crossGroupReading: true, maxMembers: 500 };

function unavailable(error: unknown): { ok: false; error: PalabreError } {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    ok: false,
    error: { code: 'unavailable', message: `the session store is unavailable (${reason})` },
  };
}

/**
 * Runs commands against sessions: load (cached, never twice at once), decide, append with the expected
 * version, retry on conflict. Every event that reaches this process — its own appends or other processes'
 * — goes through `apply` exactly once, which updates the cached state and tells the listeners.
 */
export class SessionService {
  private readonly states = new Map<string, SessionState>();
  private readonly loading = new InFlight<SessionState | undefined>();
  private readonly queue = new KeyedQueue();
  private readonly listeners = new Set<EventsListener>();
  private readonly inputProviders = new Map<CommandType, InputProvider>();
  private readonly loadedListeners = new Set<LoadedListener>();
  private readonly unsubscribe: () => void;
  private readonly unsubscribeReconnect: () => void;

  private readonly snapshotVersions = new Map<string, number>();
  /** Sessions held in the cache by users outside (open document connections): never evicted. */
  private readonly retained = new Map<string, number>();
  private readonly snapshots: SnapshotStore | undefined;
  private readonly snapshotEvery: number;
  private readonly maxIdleSessions: number;
  private readonly format: string;
  private readonly log: Logger | undefined;
  private readonly catalog: SessionCatalog | undefined;
  /** Sessions being created here: `create` catalogues them itself. */
  private readonly creating = new Set<string>();
  private readonly personalData: PersonalDataStore | undefined;
  private readonly deletedListeners = new Set<(sessionId: string) => void>();
  private readonly unsubscribeDeleted: () => void;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly newId: (prefix: string) => string = randomId,
    options: SessionServiceOptions = {},
  ) {
    this.snapshots = options.snapshots;
    this.snapshotEvery = options.snapshotEvery ?? 500;
    this.maxIdleSessions = options.maxIdleSessions ?? 1000;
    this.log = options.log;
    this.catalog = options.catalog;
    this.personalData = options.personalData;
    this.format = options.format ?? (options.snapshots ? stateFormat() : '');
    this.unsubscribe = store.subscribe((sessionId, events) => {
      if (this.states.has(sessionId)) this.catchUpLater(sessionId, events);
    });
    // A session deleted (here or by another process): forget it, and tell the transports.
    this.unsubscribeDeleted = store.onDeleted?.((sessionId) => this.forget(sessionId)) ?? (() => undefined);
    // Notifications missed while a shared store was unreachable: re-read every session held here.
    this.unsubscribeReconnect =
      store.onReconnect?.(() => {
        for (const sessionId of this.states.keys()) this.catchUpLater(sessionId);
      }) ?? (() => undefined);
  }

  onEvents(listener: EventsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Registers the provider of server-side inputs for one command type (one provider per type). */
  provideInputs(type: CommandType, provider: InputProvider): () => void {
    this.inputProviders.set(type, provider);
    return () => this.inputProviders.delete(type);
  }

  /** Called once per session when this process loads it into its cache (e.g. after a restart). */
  onLoaded(listener: LoadedListener): () => void {
    this.loadedListeners.add(listener);
    return () => this.loadedListeners.delete(listener);
  }

  async create(input: CreateSessionInput, actor: Actor = { kind: 'admin' }): Promise<SessionState> {
    const id = this.newId('s');
    const locale = input.locale ?? 'fr';
    const agenda = normalizeAgenda(
      input.agenda ?? [...AGENDA_TEMPLATES[input.template ?? DEFAULT_TEMPLATE]],
      locale,
    );
    const events: NewEvent[] = [
      newEvent('session.created', {
        id,
        title: input.title,
        locale,
        agenda,
        settings: { ...DEFAULT_SETTINGS, ...input.settings },
        invitesRecorded: true,
      }),
      ...(input.groups ?? []).map((g) =>
        newEvent('group.created', { groupId: this.newId('g'), name: g.name }),
      ),
    ];
    const stamped = chain({ version: 0, hash: '' }, events, this.clock.now(), actorName(actor));
    const result = await fromStore(() => this.store.append(id, 0, stamped));
    if (!result.ok) throw new Error(`session id collision: ${id}`);
    this.creating.add(id);
    try {
      const state = await this.get(id);
      if (!state) throw new Error(`session ${id} vanished after creation`);
      await this.catalogue(state);
      return state;
    } finally {
      this.creating.delete(id);
    }
  }

  /**
   * The cached state of a session, synchronously (undefined when it is not in memory). Callers that need
   * it at every moment — the document write gate — `retain` the session first.
   */
  peek(sessionId: string): SessionState | undefined {
    return this.states.get(sessionId);
  }

  /**
   * Keeps a session's state in memory (and current) until the returned function is called: the document
   * service holds the sessions of its open connections, so that one state cache serves both.
   */
  retain(sessionId: string): () => void {
    this.retained.set(sessionId, (this.retained.get(sessionId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.retained.get(sessionId) ?? 1) - 1;
      if (left > 0) this.retained.set(sessionId, left);
      else this.retained.delete(sessionId);
    };
  }

  /** The current state of a session, or undefined if there is no such session. */
  async get(sessionId: string): Promise<SessionState | undefined> {
    const cached = this.states.get(sessionId);
    if (cached) {
      // Most recently used last: eviction takes from the front.
      this.states.delete(sessionId);
      this.states.set(sessionId, cached);
      return cached;
    }
    return this.loading.run(sessionId, () => this.load(sessionId));
  }

  private async load(sessionId: string): Promise<SessionState | undefined> {
    const snapshot = await this.snapshots?.get(sessionId).catch(() => undefined);
    const base = snapshot?.format === this.format ? snapshot.state : undefined;
    const events = await fromStore(() => this.store.read(sessionId, base?.version ?? 0));
    const state = replay(events, base);
    if (base) this.snapshotVersions.set(sessionId, base.version);
    // Another path (a notification) may have filled the cache while we read; keep the newer state.
    const current = this.states.get(sessionId);
    if (current && (!state || current.version >= state.version)) return current;
    if (state) {
      this.states.set(sessionId, state);
      this.evictIdle();
      void this.healCatalog(state);
      this.notify(this.loadedListeners, (listener) => listener(sessionId, state), sessionId);
    }
    return state;
  }

  /** What this process holds in memory, for metrics: sessions cached, running, and their open groups. */
  stats(): { cached: number; live: number; groups: number } {
    let live = 0;
    let groups = 0;
    for (const state of this.states.values()) {
      if (state.status !== 'live') continue;
      live++;
      for (const group of Object.values(state.groups)) if (group.status === 'open') groups++;
    }
    return { cached: this.states.size, live, groups };
  }

  /** Called when a session was deleted (through any process): its state is gone from the cache. */
  onDeleted(listener: (sessionId: string) => void): () => void {
    this.deletedListeners.add(listener);
    return () => this.deletedListeners.delete(listener);
  }

  /** Drops a deleted session from memory and tells the listeners (once per deletion notice). */
  private forget(sessionId: string): void {
    this.states.delete(sessionId);
    this.snapshotVersions.delete(sessionId);
    for (const listener of this.deletedListeners) {
      try {
        listener(sessionId);
      } catch (err) {
        this.log?.error('a session listener failed', { sessionId, err });
      }
    }
  }

  /** Ids of every stored session (reads the store's whole index: for tools and the catalog's backfill). */
  async list(): Promise<string[]> {
    return fromStore(() => this.store.list());
  }

  /**
   * Ids of the sessions that are scheduled or live: what start-up arms and reconciles. From the catalog,
   * without reading ended sessions' logs; without a catalog, by loading every session.
   */
  async activeIds(): Promise<string[]> {
    if (this.catalog) return fromStore(() => this.catalog!.active());
    const ids: string[] = [];
    for (const id of await this.list()) if ((await this.get(id))?.status !== 'ended') ids.push(id);
    return ids;
  }

  /**
   * One page of session summaries, newest first (see ports/sessionCatalog.ts for the cursor).
   * @throws StoreUnavailableError when the catalog cannot be read.
   */
  async page(options: { status?: SessionStatus | undefined; cursor?: string | undefined; limit: number }) {
    if (this.catalog) {
      const catalog = this.catalog;
      return fromStore(() => catalog.page(options));
    }
    const states = await Promise.all((await this.list()).map((id) => this.get(id)));
    return pageOf(states.filter((s) => s !== undefined).map(summaryOf), options);
  }

  /**
   * Fills an empty catalog from the logs, once (a store written before the catalog existed): reads every
   * session one time, then never again. Returns how many sessions it catalogued.
   */
  async backfillCatalog(): Promise<number> {
    const catalog = this.catalog;
    if (!catalog || (await catalog.size()) > 0) return 0;
    const ids = await this.list();
    if (ids.length === 0) return 0;
    this.log?.info('cataloguing the sessions already stored (once)', { sessions: ids.length });
    const summaries: SessionSummary[] = [];
    // Each log read and replayed once, outside the cache (nothing is armed or kept), a few at a time.
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        const state = replay(await fromStore(() => this.store.read(id, 0)));
        if (state) summaries.push(summaryOf(state));
        if (summaries.length > 0 && summaries.length % 5000 === 0) {
          this.log?.info('cataloguing', { done: summaries.length, of: ids.length });
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await catalog.putMany(summaries);
    this.log?.info('catalogued the sessions already stored', { sessions: summaries.length });
    return summaries.length;
  }

  /** Records a session's summary (after its own append of a lifecycle event); a failure is healed on load. */
  private async catalogue(state: SessionState): Promise<void> {
    try {
      await this.catalog?.put(summaryOf(state));
    } catch (err) {
      this.log?.warn('could not update the session catalog; the next load of the session repairs it', {
        sessionId: state.id,
        err,
      });
    }
  }

  /** A loaded session whose summary is missing or stale (a crash between append and catalogue): repair. */
  private async healCatalog(state: SessionState): Promise<void> {
    if (!this.catalog || this.creating.has(state.id)) return;
    try {
      const known = await this.catalog.get(state.id);
      if (!known || !sameSummary(known, summaryOf(state))) await this.catalogue(state);
    } catch {
      // Unreachable catalog: the next load tries again.
    }
  }

  /**
   * The session's state with every event of the store applied, for a caller that may have missed
   * notifications (this process was stalled or cut off from a shared store): reads the log after the
   * cached version first. Undefined when there is no such session.
   * @throws StoreUnavailableError when the store cannot be read.
   */
  async current(sessionId: string): Promise<SessionState | undefined> {
    if (this.states.has(sessionId)) await fromStore(() => this.catchUp(sessionId));
    return this.get(sessionId);
  }

  /** Events after `version`, for clients that detected a gap. */
  async eventsAfter(sessionId: string, version: number): Promise<SessionEvent[]> {
    return fromStore(() => this.store.read(sessionId, version));
  }

  async execute(sessionId: string, command: Command, actor: Actor): Promise<ExecuteResult> {
    return this.queue.run(sessionId, async () => {
      try {
        for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
          const state = await this.get(sessionId);
          if (!state) return { ok: false, error: { code: 'not_found', message: `no session ${sessionId}` } };
          const now = this.clock.now();
          const provider = this.inputProviders.get(command.type);
          const inputs = provider ? await provider({ sessionId, state, command, actor, now }) : undefined;
          const decision = decide(state, command, { now, actor, newId: this.newId, inputs });
          if (!decision.ok) {
            // A refusal never reaches the store, so nothing checked that the cached state was the latest:
            // with a shared store, another process may have moved the session a moment ago (a phase opened,
            // a hand raised). Refuse only on the log's current state: what follows the cached version, read
            // once (an in-memory slice for the embedded store, one XRANGE on Redis), decides again if any.
            const missed = await this.store.read(sessionId, state.version);
            if (missed.length > 0) {
              this.apply(sessionId, missed);
              continue;
            }
            return decision;
          }
          if (decision.events.length === 0) return { ok: true, version: state.version, events: [] };
          // Names and attributes go to their own store first (a refused append leaves them unreferenced,
          // like a refused ballot); the events keep salted commitments in their place.
          const sealed = this.personalData ? seal(decision.events) : { events: decision.events, records: [] };
          for (const { ref, records } of sealed.records)
            await this.personalData?.put(sessionId, ref, records);
          const stamped = chain(
            { version: state.version, hash: state.headHash },
            sealed.events,
            now,
            actorName(actor),
          );
          const appended = await this.store.append(sessionId, state.version, stamped);
          if (appended.ok) {
            this.apply(sessionId, stamped);
            if (stamped.some((e) => LIFECYCLE.has(e.type))) {
              const after = this.states.get(sessionId);
              if (after) await this.catalogue(after);
            }
            return { ok: true, version: stamped[stamped.length - 1]!.v, events: stamped };
          }
          // Someone else appended first: read what we missed and decide again on the new state.
          await this.catchUp(sessionId);
        }
        return { ok: false, error: { code: 'conflict', message: 'the session is too busy; try again' } };
      } catch (error) {
        return unavailable(error);
      }
    });
  }

  /** Applies events that follow the cached state; reads from the store when some are missing. */
  /**
   * Catches up in the background. A failure (the store unreachable while reading missed events) is logged and
   * otherwise harmless: the cached state stays at its version, and the next notification, command or store
   * reconnection reads from there again.
   */
  private catchUpLater(sessionId: string, hint?: SessionEvent[]): void {
    this.catchUp(sessionId, hint).catch((err: unknown) => {
      this.log?.warn('catching up with the session log failed; the next event or reconnection retries', {
        sessionId,
        err,
      });
    });
  }

  private async catchUp(sessionId: string, hint?: SessionEvent[]): Promise<void> {
    const state = this.states.get(sessionId);
    if (!state) return;
    const first = hint?.[0];
    if (hint && first && first.v <= state.version + 1) {
      this.apply(sessionId, hint);
      return;
    }
    const missing = await this.store.read(sessionId, state.version);
    this.apply(sessionId, missing);
  }

  private apply(sessionId: string, events: readonly SessionEvent[]): void {
    const current = this.states.get(sessionId);
    if (!current) return;
    const applied: SessionEvent[] = [];
    // One batch: records copied for its first event are updated in place by the next ones.
    const state = inBatch(() => {
      let next = current;
      for (const event of events) {
        if (event.v !== next.version + 1) continue;
        next = evolve(next, event);
        applied.push(event);
      }
      return next;
    });
    if (applied.length === 0) return;
    this.states.set(sessionId, state);
    this.maybeSnapshot(sessionId, state);
    this.notify(this.listeners, (listener) => listener(sessionId, applied, state), sessionId);
  }

  /** Drops the least recently used sessions that are neither live nor retained, past `maxIdleSessions`. */
  private evictIdle(): void {
    const idleSession = (id: string, state: SessionState) =>
      state.status !== 'live' && !this.retained.has(id);
    let idle = 0;
    for (const [id, state] of this.states) if (idleSession(id, state)) idle++;
    for (const [id, state] of this.states) {
      if (idle <= this.maxIdleSessions) break;
      if (!idleSession(id, state)) continue;
      this.states.delete(id);
      this.snapshotVersions.delete(id);
      idle--;
    }
  }

  /** Every `snapshotEvery` events, caches the state (best effort: a failed write only costs replay time). */
  private maybeSnapshot(sessionId: string, state: SessionState): void {
    if (!this.snapshots) return;
    if (state.version - (this.snapshotVersions.get(sessionId) ?? 0) < this.snapshotEvery) return;
    this.snapshotVersions.set(sessionId, state.version);
    const snapshot = { format: this.format, version: state.version, state: structuredClone(state) };
    this.snapshots.put(sessionId, snapshot).catch(() => this.snapshotVersions.delete(sessionId));
  }

  private notify<L>(listeners: Set<L>, call: (listener: L) => void, sessionId: string): void {
    for (const listener of listeners) {
      try {
        call(listener);
      } catch (err) {
        // Listeners are transports and reactions; one failing must not stop the others, nor go unsaid.
        this.log?.error('a session listener failed', {
          sessionId,
          err: new Error('session listener failed', { cause: err }),
        });
      }
    }
  }

  async close(): Promise<void> {
    this.unsubscribe();
    this.unsubscribeReconnect();
    this.unsubscribeDeleted();
    this.deletedListeners.clear();
    this.listeners.clear();
    this.loadedListeners.clear();
  }
}

export function actorName(actor: Actor): string {
  return actor.kind === 'member' ? actor.memberId : actor.kind;
}
