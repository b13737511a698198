import { describe, expect, it } from 'vitest';
import { nameKey, parseAttributeTable, planImport } from '../../client/app/src/outcomes/attributeImport.js';
import type { Member } from '../../shared/session/types.js';

const member = (id: string, name: string, role: Member['role'] = 'participant', removed = false): Member => ({
  id,
  name,
  role,
  groupId: 'plenary',
  joinedAt: 0,
  removed,
  connected: false,
  attributes: {},
});

describe('importing attributes pasted as a table', () => {
  it('reads a header row and one line per person, with tabs, semicolons or commas', () => {
    for (const sep of ['\t', ';', ',']) {
      const parsed = parseAttributeTable(
        ['name', 'age', 'quartier'].join(sep) + '\n' + ['Ana', '18-29', 'Nord'].join(sep),
      );
      expect(parsed).toEqual({
        keys: ['age', 'quartier'],
        rows: [{ line: 2, name: 'Ana', values: { age: '18-29', quartier: 'Nord' } }],
        problems: [],
      });
    }
  });

  it('unquotes cells, skips blank lines, leaves empty cells out and reports unreadable lines', () => {
    const parsed = parseAttributeTable(
      'name;age;quartier\r\n"Ana";"18-29";\n\nBob;60+;Sud;extra\n;30-44;Est\nCyd;' +
        'x'.repeat(61) +
        ';Nord\n',
    );
    expect(parsed.rows).toEqual([{ line: 2, name: 'Ana', values: { age: '18-29' } }]);
    expect(parsed.problems).toEqual([
      { line: 4, reason: 'columns' },
      { line: 5, reason: 'columns' },
      { line: 6, reason: 'long' },
    ]);
  });

  it('refuses a header without attributes, with a bad or repeated name', () => {
    expect(parseAttributeTable('name\nAna').keys).toEqual([]);
    expect(parseAttributeTable('name;tranche d’âge\nAna;18').problems).toEqual([{ line: 1, reason: 'key' }]);
    expect(parseAttributeTable('name;age;age\nAna;1;2').keys).toEqual([]);
    expect(parseAttributeTable('').keys).toEqual([]);
  });

  it('matches participants by display name (case, accents, spaces), reporting unmatched and ambiguous names', () => {
    const members = [
      member('m1', 'Anaïs Martin'),
      member('m2', 'Bob'),
      member('m3', 'Bob'),
      member('m4', 'Fatou', 'facilitator'),
      member('m5', 'Zoé', 'participant', true),
    ];
    const parsed = parseAttributeTable(
      'name,age\nanais  MARTIN,18-29\nBob,60+\nFatou,30-44\nZoé,45-59\nMax,18-29',
    );
    expect(planImport(parsed, members)).toEqual({
      members: { m1: { age: '18-29' } },
      unmatched: ['Fatou', 'Zoé', 'Max'],
      ambiguous: ['Bob'],
    });
    expect(nameKey(' Élodie  Dupont ')).toBe('elodie dupont');
  });
});
