/**
 * Strings of the facilitator's version reader, loaded with it (see `addMessages` in i18n.ts). The "Read"
 * button itself is in messagesFloor.ts.
 */
import { addMessages } from './i18n.js';

export const versionsEn = {
  'version.heading': 'Version of {time} · {phase}',
  'version.loading': 'Loading the version…',
  'version.failed': 'Could not open this version: {message}',
  'version.empty': 'This version holds no recommendation.',
  'version.count':
    '{count, plural, one {# recommendation} other {# recommendations}}, withdrawn ones included.',
  'version.by': 'By {name}',
  'version.unknownAuthor': 'By a person no longer in the session',
  'version.status': 'Status: {status}',
  'version.close': 'Close',
} as const;

const versionsFr: Record<keyof typeof versionsEn, string> = {
  'version.heading': 'Version de {time} · {phase}',
  'version.loading': 'Chargement de la version…',
  'version.failed': 'Impossible d’ouvrir cette version : {message}',
  'version.empty': 'Cette version ne contient aucune préconisation.',
  'version.count': '{count, plural, one {# préconisation} other {# préconisations}}, retirées comprises.',
  'version.by': 'Par {name}',
  'version.unknownAuthor': 'Par une personne qui n’est plus dans la séance',
  'version.status': 'Statut : {status}',
  'version.close': 'Fermer',
};

addMessages({ en: versionsEn, fr: versionsFr });
