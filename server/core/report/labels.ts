import { CONSENT_LEVELS } from '../../../shared/session/outcomes/types.js';
import type { PhaseKind, Role, SessionStatus } from '../../../shared/session/types.js';

/** Languages the Markdown and HTML reports speak. JSON is data and stays language-free. */
export const REPORT_LANGS = ['fr', 'en'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

/** French for French-speaking sessions (fr, fr-BE, fr-CA…), English otherwise. */
export function reportLangOf(locale: string): ReportLang {
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/**
 * Every word of the rendered report, one dictionary per language. Phrases take their parts already formatted
 * and escaped by the renderer, so the text here must stay free of markup characters (a unit test checks it).
 * Declaring each dictionary as `ReportLabels` makes a key missing in one language a type error.
 */
export interface ReportLabels {
  /** Intl locale for dates and numbers when the session's locale has no region or another language. */
  intlLocale: string;
  /** Between the clauses of one line ("a; b"): French sets a non-breaking space before ; and :. */
  sep: string;
  reportTitle: (title: string) => string;
  session: (id: string, status: string) => string;
  startedEnded: (started: string, ended: string) => string;
  generated: (at: string) => string;
  namesPseudonymised: string;
  /** Which time zone the report's times are in (an IANA name). */
  timesIn: (zone: string) => string;
  log: (events: number, headHash: string) => string;
  chainVerified: string;
  chainBroken: string;
  sessionStatus: Record<SessionStatus, string>;
  phaseKind: Record<PhaseKind, string>;
  /** In place of the name of a member whose personal data was erased on request. */
  erasedMember: string;
  /** Pseudonyms are "<role> <n>". */
  pseudonym: Record<Role, string>;
  /** Authors that are not members: the admin token, the server itself, a member the state does not know. */
  actor: { admin: string; system: string; unknown: string };
  heading: {
    agendaPlanned: string;
    agendaRan: string;
    draws: string;
    groupRecommendations: string;
    harvested: string;
    votes: string;
    speaking: string;
    attendance: string;
    announcements: string;
    chat: string;
  };
  column: {
    number: string;
    phase: string;
    kind: string;
    planned: string;
    started: string;
    ended: string;
    actual: string;
    overrun: string;
    rank: string;
    item: string;
    from: string;
    member: string;
    time: string;
    share: string;
    role: string;
    joined: string;
    left: string;
    present: string;
    arrivals: string;
    yes: string;
    no: string;
    abstain: string;
    points: string;
    supporters: string;
    block: string;
    mean: string;
  };
  running: string;
  totalOverrun: (duration: string) => string;
  /** A time when no process was up: from, to (times of day), how long. */
  interruption: (from: string, to: string, duration: string) => string;
  drawn: (at: string, people: number, groups: number) => string;
  stratifiedOn: (attributes: string) => string;
  plainDraw: string;
  seed: (seed: string) => string;
  members: (names: string) => string;
  noVersion: string;
  version: (versionId: string, recordedAt: string) => string;
  authors: (names: string, versionId: string) => string;
  noVote: string;
  resultsAtClose: string;
  method: {
    approval: string;
    dots: (points: number, maxPerItem: number) => string;
    consent: (first: string, last: string) => string;
  };
  /** Levels 1 (fully support) … 5 (block) of the consent scale. */
  consentLevels: readonly [string, string, string, string, string];
  secretBallot: string;
  openBallot: string;
  voters: (count: number) => string;
  closedAt: (at: string) => string;
  stillOpen: string;
  noSpeaking: string;
  speakingTotal: (total: string, gini: string) => string;
  didNotSpeak: (names: string) => string;
  noAttendance: string;
  /** A role, as the attendance table names it. */
  role: Record<'facilitator' | 'participant' | 'observer', string>;
  /** Still connected when the report was made. */
  stillHere: string;
  noAnnouncement: string;
  announcement: (at: string, by: string, text: string) => string;
  noChat: string;
  /** One chat message: when, where (or to the facilitators), who, and the text or who hid it. */
  chatLine: (at: string, where: string, by: string, text: string) => string;
  chatToFacilitators: string;
  /** A facilitator's private answer to one member. */
  chatAnswerTo: (name: string) => string;
  chatHidden: (by: string) => string;
  fileArg: string;
  verify: (logPath: string, command: string) => string;
}

/** English: 1 is singular. French: 0 and 1 are. */
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const pluriel = (n: number, one: string, many: string) => (Math.abs(n) < 2 ? one : many);

const en: ReportLabels = {
  intlLocale: 'en-GB',
  sep: '; ',
  reportTitle: (title) => `${title} — report`,
  session: (id, status) => `Session: ${id} (${status})`,
  startedEnded: (started, ended) => `Started: ${started}; ended: ${ended}`,
  generated: (at) => `Report generated: ${at}`,
  namesPseudonymised: 'names pseudonymised',
  erasedMember: 'erased member',
  timesIn: (zone) => (zone === 'UTC' ? 'Times are in UTC.' : `Times are local times (${zone}).`),
  log: (events, hash) =>
    `Log: ${events.toLocaleString('en-GB')} ${plural(events, 'event', 'events')}, head hash ${hash}`,
  chainVerified: 'chain verified',
  chainBroken: 'chain does not verify',
  sessionStatus: { scheduled: 'scheduled', live: 'live', ended: 'ended' },
  phaseKind: {
    welcome: 'welcome',
    information: 'information',
    debate: 'debate',
    drafting: 'drafting',
    vote: 'vote',
    presentation: 'presentation',
    break: 'break',
    custom: 'custom',
  },
  pseudonym: { participant: 'Participant', facilitator: 'Facilitator', observer: 'Observer' },
  actor: { admin: 'admin', system: 'system', unknown: 'unknown member' },
  heading: {
    agendaPlanned: 'Agenda as planned',
    agendaRan: 'Agenda as it ran',
    draws: 'Groups drawn by lot',
    groupRecommendations: 'Recommendations of each group',
    harvested: 'Brought to the plenary',
    votes: 'Votes',
    speaking: 'Speaking time',
    attendance: 'Attendance',
    announcements: 'Announcements',
    chat: 'Annex: chat messages',
  },
  column: {
    number: '#',
    phase: 'Phase',
    kind: 'Kind',
    planned: 'Planned',
    started: 'Started',
    ended: 'Ended',
    actual: 'Actual',
    overrun: 'Overrun',
    rank: 'Rank',
    item: 'Item',
    from: 'From',
    member: 'Member',
    time: 'Time',
    share: 'Share',
    role: 'Role',
    joined: 'Joined',
    left: 'Left',
    present: 'Time present',
    arrivals: 'Arrivals',
    yes: 'Yes',
    no: 'No',
    abstain: 'Abstain',
    points: 'Points',
    supporters: 'Supporters',
    block: 'block',
    mean: 'Mean',
  },
  running: 'running',
  totalOverrun: (d) => `Total overrun: ${d}`,
  interruption: (from, to, d) =>
    `Service interrupted from ${from} to ${to} (${d}): not counted in the phases' times nor in speaking times.`,
  drawn: (at, people, groups) =>
    `${at}: ${people} ${plural(people, 'person', 'people')} into ${groups} ${plural(groups, 'group', 'groups')}`,
  stratifiedOn: (attributes) => `stratified on ${attributes}`,
  plainDraw: 'random',
  seed: (seed) => `seed ${seed}`,
  members: (names) => `Members: ${names}`,
  noVersion: 'No recorded version.',
  version: (id, at) => `Version ${id}, recorded ${at}`,
  authors: (names, id) => `Authors: ${names}; version ${id}`,
  noVote: 'No vote.',
  resultsAtClose: 'Results are published when the vote closes.',
  method: {
    approval: 'approval (yes / no per item)',
    dots: (points, max) => `dot voting (${points} points, at most ${max} per item)`,
    consent: (first, last) => `consent scale (1 ${first} … 5 ${last})`,
  },
  consentLevels: CONSENT_LEVELS,
  secretBallot: 'secret ballot',
  openBallot: 'open ballot',
  voters: (n) => `${n} ${plural(n, 'voter', 'voters')}`,
  closedAt: (at) => `closed ${at}`,
  stillOpen: 'still open',
  noSpeaking: 'No speaking-time figures for this session.',
  noAttendance: 'Nobody joined this session.',
  role: { facilitator: 'Facilitator', participant: 'Participant', observer: 'Observer' },
  stillHere: 'still here',
  speakingTotal: (total, gini) => `Total ${total}; Gini ${gini}`,
  didNotSpeak: (names) => `Did not speak: ${names}`,
  noAnnouncement: 'None.',
  announcement: (at, by, text) => `${at} (${by}): ${text}`,
  noChat: 'None.',
  chatLine: (at, where, by, text) => `${at} · ${where} · ${by}: ${text}`,
  chatToFacilitators: 'to the facilitators',
  chatAnswerTo: (name) => `private answer to ${name}`,
  chatHidden: (by) => `(hidden by ${by})`,
  fileArg: 'file',
  verify: (path, command) =>
    `Verify: export the log (GET ${path}) and run ${command}. ` +
    'The log is complete only if it ends at the head hash above; a shorter one has lost events.',
};

/** Non-breaking space: French puts one before : and ; so they never start a line. */
const NB = '\u00a0';

const fr: ReportLabels = {
  intlLocale: 'fr-FR',
  sep: `${NB}; `,
  reportTitle: (title) => `${title} — rapport`,
  session: (id, status) => `Session${NB}: ${id} (${status})`,
  startedEnded: (started, ended) => `Début${NB}: ${started}${NB}; fin${NB}: ${ended}`,
  generated: (at) => `Rapport établi le ${at}`,
  namesPseudonymised: 'noms remplacés par des pseudonymes',
  erasedMember: 'personne effacée',
  timesIn: (zone) => (zone === 'UTC' ? 'Heures en UTC.' : `Heures locales (${zone}).`),
  log: (events, hash) =>
    `Journal${NB}: ${events.toLocaleString('fr-FR')} ${pluriel(events, 'événement', 'événements')}, ` +
    `empreinte finale ${hash}`,
  chainVerified: 'chaîne vérifiée',
  chainBroken: 'la chaîne ne se vérifie pas',
  sessionStatus: { scheduled: 'programmée', live: 'en cours', ended: 'terminée' },
  phaseKind: {
    welcome: 'accueil',
    information: 'information',
    debate: 'débat',
    drafting: 'rédaction',
    vote: 'vote',
    presentation: 'présentation',
    break: 'pause',
    custom: 'autre',
  },
  pseudonym: { participant: 'Participant·e', facilitator: 'Animateur·rice', observer: 'Observateur·rice' },
  actor: { admin: 'administration', system: 'système', unknown: 'membre inconnu' },
  heading: {
    agendaPlanned: 'Déroulé prévu',
    agendaRan: 'Déroulé effectif',
    draws: 'Groupes tirés au sort',
    groupRecommendations: 'Préconisations de chaque groupe',
    harvested: 'Préconisations rapportées en plénière',
    votes: 'Votes',
    speaking: 'Temps de parole',
    attendance: 'Présences',
    announcements: 'Annonces',
    chat: 'Annexe : messages',
  },
  column: {
    number: 'n°',
    phase: 'Étape',
    kind: 'Type',
    planned: 'Prévu',
    started: 'Début',
    ended: 'Fin',
    actual: 'Réel',
    overrun: 'Dépassement',
    rank: 'Rang',
    item: 'Proposition',
    from: 'Groupe d’origine',
    member: 'Membre',
    time: 'Temps',
    share: 'Part',
    role: 'Rôle',
    joined: 'Arrivée',
    left: 'Départ',
    present: 'Temps de présence',
    arrivals: 'Arrivées',
    yes: 'Oui',
    no: 'Non',
    abstain: 'Abstention',
    points: 'Points',
    supporters: 'Soutiens',
    block: 'blocage',
    mean: 'Moyenne',
  },
  running: 'en cours',
  totalOverrun: (d) => `Dépassement total${NB}: ${d}`,
  interruption: (from, to, d) =>
    `Service interrompu de ${from} à ${to} (${d})${NB}: ni dans la durée des étapes, ni dans les temps de parole.`,
  drawn: (at, people, groups) =>
    `${at}${NB}: ${people} ${pluriel(people, 'personne répartie', 'personnes réparties')} en ` +
    `${groups} ${pluriel(groups, 'groupe', 'groupes')}`,
  stratifiedOn: (attributes) => `équilibré selon ${attributes}`,
  plainDraw: 'tirage simple',
  seed: (seed) => `graine ${seed}`,
  members: (names) => `Membres${NB}: ${names}`,
  noVersion: 'Aucune version enregistrée.',
  version: (id, at) => `Version ${id}, enregistrée le ${at}`,
  authors: (names, id) => `Auteur·rices${NB}: ${names}${NB}; version ${id}`,
  noVote: 'Aucun vote.',
  resultsAtClose: 'Les résultats seront publiés à la clôture du vote.',
  method: {
    approval: 'approbation (oui / non par proposition)',
    dots: (points, max) => `vote par gommettes (${points} points, au plus ${max} par proposition)`,
    consent: (first, last) => `échelle de consentement (1 ${first} … 5 ${last})`,
  },
  consentLevels: [
    'soutien total',
    'soutien avec réserves',
    'je peux vivre avec',
    'désaccord sans blocage',
    'blocage',
  ],
  secretBallot: 'scrutin secret',
  openBallot: 'scrutin public',
  voters: (n) => `${n} ${pluriel(n, 'votant·e', 'votant·es')}`,
  closedAt: (at) => `clos le ${at}`,
  stillOpen: 'toujours ouvert',
  noSpeaking: 'Aucune mesure du temps de parole pour cette session.',
  noAttendance: 'Personne n’a rejoint cette session.',
  role: { facilitator: 'Animation', participant: 'Participant·e', observer: 'Observateur·rice' },
  stillHere: 'encore là',
  speakingTotal: (total, gini) => `Total${NB}: ${total}${NB}; indice de Gini${NB}: ${gini}`,
  didNotSpeak: (names) => `N’ont pas pris la parole${NB}: ${names}`,
  noAnnouncement: 'Aucune.',
  announcement: (at, by, text) => `${at} (${by})${NB}: ${text}`,
  noChat: 'Aucun.',
  chatLine: (at, where, by, text) => `${at} · ${where} · ${by}${NB}: ${text}`,
  chatToFacilitators: 'aux animateur·rices',
  chatAnswerTo: (name) => `réponse privée à ${name}`,
  chatHidden: (by) => `(masqué par ${by})`,
  fileArg: 'fichier',
  verify: (path, command) =>
    `Vérification${NB}: exportez le journal (GET ${path}) puis lancez ${command}. ` +
    `Le journal n’est complet que s’il se termine par l’empreinte finale ci-dessus${NB}; ` +
    'plus court, il a perdu des événements.',
};

export const REPORT_LABELS: Readonly<Record<ReportLang, ReportLabels>> = { en, fr };
