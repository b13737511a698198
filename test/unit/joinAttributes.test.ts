import { describe, expect, it } from 'vitest';
import { commandSchema } from '../../shared/session/commands.js';
import { checkJoinAttributes } from '../../shared/session/members/joinAttributes.js';
import type { JoinAttribute } from '../../shared/session/members/joinAttributes.js';
import { project } from '../../shared/session/project.js';
import { LIMITS } from '../../shared/session/schemas.js';
import { joinAttributesSchema } from '../../shared/session/members/schemas.js';
import { createSessionBody } from '../../server/transport/http/sessionRoutes.js';
import { DomainHarness } from '../helpers/domain.js';

const DEFINITION: JoinAttribute[] = [
  { key: 'age', label: 'Tranche d’âge', choices: ['18-29', '30-44', '45-59', '60+'], required: true },
  { key: 'quartier', label: 'Votre quartier' },
];

describe('the joinAttributes setting (schema)', () => {
  it('accepts a good definition, from creation and from settings.update', () => {
    expect(joinAttributesSchema.safeParse(DEFINITION).success).toBe(true);
    expect(joinAttributesSchema.safeParse([]).success).toBe(true);
    expect(
      createSessionBody.safeParse({ title: 'T', settings: { joinAttributes: DEFINITION } }).success,
    ).toBe(true);
    expect(commandSchema.safeParse({ type: 'settings.update', joinAttributes: DEFINITION }).success).toBe(
      true,
    );
  });

  it('refuses duplicate keys, bad keys, empty or duplicate choices, extra fields and too many attributes', () => {
    const bad: unknown[] = [
      [DEFINITION[1], DEFINITION[1]],
      [{ key: 'a b', label: 'x' }],
      [{ key: 'a,b', label: 'x' }],
      [{ key: '', label: 'x' }],
      [{ key: 'a', label: '   ' }],
      [{ key: 'a', label: 'x', choices: [] }],
      [{ key: 'a', label: 'x', choices: ['x', 'x'] }],
      [{ key: 'a', label: 'x', choices: ['x'.repeat(LIMITS.attributeValueMax + 1)] }],
      [{ key: 'a', label: 'x', secret: true }],
      Array.from({ length: LIMITS.attributesMax + 1 }, (_, i) => ({ key: `k${i}`, label: 'x' })),
    ];
    for (const value of bad)
      expect(joinAttributesSchema.safeParse(value).success, JSON.stringify(value)).toBe(false);
    // Accented names are fine.
    expect(joinAttributesSchema.safeParse([{ key: 'âge', label: 'Âge' }]).success).toBe(true);
  });
});

describe('checking attributes declared at join', () => {
  it('accepts good answers, trimmed, and drops empty ones', () => {
    expect(checkJoinAttributes(DEFINITION, { age: '18-29', quartier: ' Nord ' }, 'participant')).toEqual({
      ok: true,
      attributes: { age: '18-29', quartier: 'Nord' },
    });
    expect(checkJoinAttributes(DEFINITION, { age: '60+', quartier: '' }, 'participant')).toEqual({
      ok: true,
      attributes: { age: '60+' },
    });
  });

  it('refuses an unknown key, a value outside the choices, a missing required answer', () => {
    const unknown = checkJoinAttributes(DEFINITION, { age: '18-29', shoe: '42' }, 'participant');
    expect(unknown).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(!unknown.ok && unknown.error.message).toContain('unknown attribute "shoe"');
    const choice = checkJoinAttributes(DEFINITION, { age: '12' }, 'participant');
    expect(!choice.ok && choice.error.message).toContain('"age" must be one of: 18-29, 30-44, 45-59, 60+');
    const missing = checkJoinAttributes(DEFINITION, { quartier: 'Nord' }, 'participant');
    expect(!missing.ok && missing.error).toEqual({ code: 'bad_request', message: 'please answer: age' });
    expect(checkJoinAttributes(DEFINITION, { age: '  ' }, 'participant').ok).toBe(false);
    expect(checkJoinAttributes([], { age: '18-29' }, 'participant').ok).toBe(false);
  });

  it('requires nothing of facilitators and observers, but still checks what they declare', () => {
    expect(checkJoinAttributes(DEFINITION, undefined, 'observer')).toEqual({ ok: true, attributes: {} });
    expect(checkJoinAttributes(DEFINITION, {}, 'facilitator').ok).toBe(true);
    expect(checkJoinAttributes(DEFINITION, { shoe: '42' }, 'facilitator').ok).toBe(false);
  });

  it('without a definition, accepts anything as before', () => {
    expect(checkJoinAttributes(undefined, { shoe: '42' }, 'participant')).toEqual({
      ok: true,
      attributes: { shoe: '42' },
    });
  });
});

describe('member.join with a definition', () => {
  it('is refused with bad answers, lands with good ones; the definition is public, the answers are not', () => {
    const d = new DomainHarness();
    const fac = d.join('Fatou', 'facilitator');
    d.ok({ type: 'settings.update', joinAttributes: DEFINITION }, fac);
    const refused = d.run(
      { type: 'member.join', name: 'Ana', role: 'participant', attributes: { age: '7' } },
      {
        kind: 'system',
      },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const ana = d.join('Ana', 'participant', undefined, { age: '30-44', quartier: 'Sud' });
    expect(d.state.members[ana.memberId]!.attributes).toEqual({ age: '30-44', quartier: 'Sud' });
    const publicView = project(d.state, 'public');
    expect(publicView.settings.joinAttributes).toEqual(DEFINITION);
    expect(publicView.members[ana.memberId]!.attributes).toEqual({});
    // Facilitators import freely: the definition only governs what people declare themselves.
    d.ok({ type: 'attributes.set', members: { [ana.memberId]: { genre: 'F' } } }, fac);
    expect(d.state.members[ana.memberId]!.attributes).toEqual({ age: '30-44', quartier: 'Sud', genre: 'F' });
  });
});
