import { describe, expect, it } from 'vitest';
import { formatDecimal, formatPercent, setLang, t } from '../../client/app/src/i18n.js';
import { phaseName } from '../../client/app/src/format.js';
import { giniText } from '../../client/app/src/floor/equityText.js';
import { originParams } from '../../client/app/src/outcomes/labels.js';
import type { SessionState } from '../../shared/session/types.js';

/** Only what `originParams` reads of a state. */
const withGroups = (names: Record<string, string>) =>
  ({
    groups: Object.fromEntries(Object.entries(names).map(([id, name]) => [id, { id, name }])),
  }) as unknown as SessionState;

describe('the page in its language', () => {
  it('writes decimals, percentages and a Gini coefficient as the language does, "—" when nobody spoke', () => {
    setLang('fr');
    expect(formatDecimal(0.79, 2)).toBe('0,79');
    expect(formatPercent(0.42)).toBe('42\u00a0%');
    expect(giniText({ gini: 0.5, totalMs: 60_000 })).toBe('0,50');
    expect(giniText({ gini: 0, totalMs: 0 })).toBe('—');
    setLang('en');
    expect(formatDecimal(0.79, 2)).toBe('0.79');
    expect(formatPercent(0.42)).toBe('42%');
    expect(giniText({ gini: 0, totalMs: 0 })).toBe('—');
  });

  it('writes plurals with each language’s rules (ICU messages), never "(s)"', () => {
    setLang('en');
    expect(t('live.harvested', { count: 1 })).toBe('1 recommendation brought back to the plenary.');
    expect(t('live.harvested', { count: 0 })).toBe('0 recommendations brought back to the plenary.');
    setLang('fr');
    // French counts 0 and 1 as singular.
    expect(t('live.harvested', { count: 0 })).toBe('0 préconisation rapportée en plénière.');
    expect(t('live.harvested', { count: 3 })).toBe('3 préconisations rapportées en plénière.');
    // A missing parameter stays visible rather than breaking the page.
    expect(t('ann.new', {})).toBe('Annonce : {text}');
  });

  it('names built-in phases in the page’s language and keeps titles people wrote', () => {
    setLang('en');
    expect(phaseName({ kind: 'debate', title: 'Débat', label: undefined })).toBe('Debate');
    expect(phaseName({ kind: 'information', title: 'Auditions', label: undefined })).toBe('Auditions');
    expect(phaseName({ kind: 'debate', title: 'Débat', label: 'Débat' })).toBe('Débat');
    setLang('fr');
    expect(phaseName({ kind: 'presentation', title: 'Presentation to elected officials' })).toBe(
      'Présentation aux élus',
    );
  });

  it('says « du Groupe 1 » and « du groupe Mobilités »', () => {
    setLang('fr');
    const state = withGroups({ g1: 'Groupe 1', g2: 'Mobilités' });
    expect(t('vote.origin', originParams(state, 'g1'))).toBe('du Groupe 1');
    expect(t('vote.origin', originParams(state, 'g2'))).toBe('du groupe Mobilités');
    setLang('en');
    expect(t('vote.origin', originParams(state, 'g1'))).toBe('from Groupe 1');
  });
});
