/**
 * Strings of the facilitator's "Participants' attributes" panel, loaded with it (see `addMessages` in
 * i18n.ts): participants never download them, not even with a vote.
 */
import { addMessages } from './i18n.js';

export const attributesEn = {
  'attributes.heading': 'Participants’ attributes',
  'attributes.intro':
    'Private: only facilitators see them. Declared at join or set here, they are what a draw can balance groups on.',
  'attributes.nobody': 'No participant yet.',
  'attributes.name': 'Name',
  'attributes.edit': 'Edit an attribute',
  'attributes.member': 'Participant',
  'attributes.key': 'Attribute',
  'attributes.value': 'Value',
  'attributes.valueHint': 'An empty value removes the attribute.',
  'attributes.save': 'Save',
  'attributes.import': 'Import (paste a table)',
  'attributes.importHint':
    'First line: a name column, then the attribute names (e.g. name;age;quartier); then one line per participant. Separated by tabs (pasted from a spreadsheet), semicolons or commas. Names are matched to participants’ display names; an empty cell changes nothing.',
  'attributes.importSubmit': 'Import',
  'attributes.importPlaceholder': 'name;age;quartier\nAna;18-29;Nord',
  'attributes.importBadHeader':
    'The first line must be the header: a name column, then attribute names (letters, digits, - and _).',
  'attributes.imported': 'Attributes set for {count, plural, one {# participant} other {# participants}}.',
  'attributes.importFailed': 'The import was refused.',
  'attributes.unmatched': 'No participant named: {names}.',
  'attributes.ambiguous': 'Several participants named: {names} (set them one by one).',
  'attributes.badLines': 'Lines not read: {lines}.',
};

export const attributesFr: Record<keyof typeof attributesEn, string> = {
  'attributes.heading': 'Attributs des participants',
  'attributes.intro':
    'Privés : seuls les animateurs les voient. Déclarés à l’arrivée ou saisis ici, ce sont eux qu’un tirage peut équilibrer entre les groupes.',
  'attributes.nobody': 'Aucun participant pour l’instant.',
  'attributes.name': 'Nom',
  'attributes.edit': 'Modifier un attribut',
  'attributes.member': 'Participant·e',
  'attributes.key': 'Attribut',
  'attributes.value': 'Valeur',
  'attributes.valueHint': 'Une valeur vide supprime l’attribut.',
  'attributes.save': 'Enregistrer',
  'attributes.import': 'Importer (coller un tableau)',
  'attributes.importHint':
    'Première ligne : une colonne des noms, puis les noms des attributs (ex. nom;age;quartier) ; puis une ligne par participant. Séparateurs : tabulations (copié d’un tableur), points-virgules ou virgules. Les noms sont rapprochés des noms affichés des participants ; une cellule vide ne change rien.',
  'attributes.importSubmit': 'Importer',
  'attributes.importPlaceholder': 'nom;age;quartier\nAna;18-29;Nord',
  'attributes.importBadHeader':
    'La première ligne doit être l’en-tête : une colonne des noms, puis les noms des attributs (lettres, chiffres, - et _).',
  'attributes.imported':
    'Attributs enregistrés pour {count, plural, one {# participant·e} other {# participant·es}}.',
  'attributes.importFailed': 'L’import a été refusé.',
  'attributes.unmatched': 'Aucun participant nommé : {names}.',
  'attributes.ambiguous': 'Plusieurs participants nommés : {names} (à saisir un par un).',
  'attributes.badLines': 'Lignes non lues : {lines}.',
};

addMessages({ en: attributesEn, fr: attributesFr });
